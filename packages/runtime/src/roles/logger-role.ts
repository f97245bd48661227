import type { Logger } from 'pino';
import type { AgentRuntime } from '../agent/agent-runtime';
import type { JsonObject } from '../envelope/envelope-schema';
import { auditEvent } from './audit-event';

export interface LoggerRoleOptions {
  /** Bound to every line as `module`. */
  module?: string;
}

export type LogFields = Record<string, unknown>;

/**
 * The agent's structured log: a pino child bound to the agent's id, version and module. Security-relevant
 * events (auth failures, refused routes, overrides) go to the log and, chained and keyed, to the audit log,
 * so they cannot be quietly removed afterwards.
 */
export class LoggerRole {
  readonly log: Logger;

  constructor(
    private readonly runtime: AgentRuntime,
    options: LoggerRoleOptions = {},
  ) {
    this.log = runtime.log.child({
      agent: runtime.identity.id,
      version: runtime.identity.version,
      ...(options.module ? { module: options.module } : {}),
    });
  }

  debug(message: string, fields: LogFields = {}): void {
    this.log.debug(fields, message);
  }

  info(message: string, fields: LogFields = {}): void {
    this.log.info(fields, message);
  }

  warn(message: string, fields: LogFields = {}): void {
    this.log.warn(fields, message);
  }

  error(message: string, fields: LogFields = {}): void {
    this.log.error(fields, message);
  }

  child(bindings: LogFields): Logger {
    return this.log.child(bindings);
  }

  /** Logs a security event and appends it to the audit log; resolves to the audit sequence number (null when auditing is off). */
  async security(event: string, subject: string | null, data: JsonObject = {}): Promise<number | null> {
    if (!/^[a-z][a-z0-9_.-]*$/.test(event))
      throw new RangeError(`security event '${event}' must be a lower-case dotted name, e.g. auth.failed`);
    this.log.warn({ security_event: event, subject, ...data }, `security event ${event}`);
    return auditEvent(this.runtime, `security.${event}`, subject, data);
  }
}
