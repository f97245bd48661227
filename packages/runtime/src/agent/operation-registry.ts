import type { JsonObject } from '../envelope/envelope-schema';

/** Where a call to a domain operation comes from; handlers pass it on to what they record. */
export interface DomainContext {
  traceId?: string;
  packetId?: string;
  /** Aborted when the caller's timeout passes. */
  signal?: AbortSignal;
}

/** A piece of domain logic: takes a JSON object, answers a JSON object. */
export interface DomainHandler {
  readonly name: string;
  handle(input: JsonObject, context: DomainContext): Promise<JsonObject>;
}

/** A domain handler was given input it cannot work with; the server answers 400 with this message. */
export class DomainInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DomainInputError';
  }
}

/**
 * The agent's domain operations by name. Generated wiring registers every domain module here; the
 * infrastructure roles (controller, packet handler, event subscriber) dispatch through it.
 */
export class OperationRegistry {
  private readonly handlers = new Map<string, DomainHandler>();

  register(handler: DomainHandler): void {
    if (this.handlers.has(handler.name)) throw new Error(`operation '${handler.name}' is registered twice`);
    this.handlers.set(handler.name, handler);
  }

  get(name: string): DomainHandler | undefined {
    return this.handlers.get(name);
  }

  names(): string[] {
    return [...this.handlers.keys()].sort();
  }

  async dispatch(name: string, input: JsonObject, context: DomainContext): Promise<JsonObject> {
    const handler = this.handlers.get(name);
    if (!handler)
      throw new DomainInputError(
        `no operation '${name}'; this agent has ${this.names().join(', ') || 'none'}`,
      );
    return handler.handle(input, context);
  }
}
