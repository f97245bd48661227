import { EnvelopeError } from '../envelope/envelope-error';
import { PacketEnvelope } from '../envelope/envelope-schema';
import { readEnvelope } from '../envelope/read-envelope';
import { signEnvelope, verifyEnvelope } from '../envelope/sign-envelope';
import { AgentRequestError } from './agent-request-error';
import { BackoffOptions, backoffDelayMs, DEFAULT_BACKOFF, parseRetryAfterMs } from './backoff';

export interface AgentClientOptions {
  /** Base URL of the target agent, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string;
  /** Per-attempt timeout unless the call gives its own (an endpoint's `timeout_ms`). */
  timeoutMs?: number;
  /** Retries after the first attempt, on network errors, timeouts, 5xx and 429 (never on other 4xx). */
  retries?: number;
  backoff?: BackoffOptions;
  /** Signs unsigned outgoing envelopes and verifies the answers. */
  secret?: string;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface CallOptions {
  timeoutMs?: number;
  retries?: number;
}

export interface EndpointCall extends CallOptions {
  path: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body, or query parameters for GET and DELETE. */
  payload?: Record<string, unknown>;
}

export interface PacketReply {
  status: number;
  envelope: PacketEnvelope;
  /** The target had already processed this packet id and returned its first answer. */
  replayed: boolean;
}

interface RawResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

type Attempt =
  | { ok: true; response: RawResponse }
  | { ok: false; error: AgentRequestError; retryable: boolean; retryAfterMs?: number };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AgentClient {
  private readonly timeoutMs: number;
  private readonly retries: number;

  constructor(private readonly options: AgentClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 3;
    new URL(options.baseUrl);
  }

  /**
   * Sends an envelope to `POST /<routePrefix>/packets`. Every attempt carries the same bytes and so the same
   * packet_id: the receiving agent processes it once and answers retries with its first response.
   */
  async sendPacket(
    envelope: PacketEnvelope,
    routePrefix: string,
    call: CallOptions = {},
  ): Promise<PacketReply> {
    const secret = this.options.secret;
    const outgoing = secret && !envelope.signature ? signEnvelope(envelope, secret) : envelope;
    const response = await this.request('POST', `/${routePrefix}/packets`, JSON.stringify(outgoing), call);
    let answer: PacketEnvelope;
    try {
      answer = readEnvelope(response.body);
    } catch (error) {
      if (error instanceof EnvelopeError)
        throw new AgentRequestError(
          'bad_response',
          `answer to packet ${envelope.packet_id} is not an envelope: ${error.message}`,
          1,
          response.status,
          response.body,
        );
      throw error;
    }
    const verified = verifyEnvelope(answer, secret);
    if (verified.status !== 'ok' || (secret && !answer.lineage.parent_ids.includes(outgoing.packet_id))) {
      const why = verified.status !== 'ok' ? verified.status : 'it does not descend from the request';
      throw new AgentRequestError(
        'bad_response',
        `answer to packet ${envelope.packet_id} is not authentic: ${why}`,
        1,
        response.status,
        response.body,
      );
    }
    return {
      status: response.status,
      envelope: answer,
      replayed: response.headers.get('idempotent-replay') === 'true',
    };
  }

  /** Calls a declared endpoint; resolves to its JSON body (undefined for 204). */
  async callEndpoint<T = unknown>(call: EndpointCall): Promise<{ status: number; body: T }> {
    const bodyless = call.method === 'GET' || call.method === 'DELETE';
    let path = call.path;
    if (bodyless && call.payload) {
      const query = new URLSearchParams(
        Object.entries(call.payload).map(([key, value]): [string, string] => [key, String(value)]),
      );
      path = `${path}?${query}`;
    }
    const response = await this.request(
      call.method,
      path,
      bodyless ? undefined : JSON.stringify(call.payload ?? {}),
      call,
    );
    return { status: response.status, body: response.body as T };
  }

  private async request(
    method: string,
    path: string,
    body: string | undefined,
    call: CallOptions,
  ): Promise<RawResponse> {
    const retries = call.retries ?? this.retries;
    const url = new URL(path, this.options.baseUrl).toString();
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attempt(method, url, body, call.timeoutMs ?? this.timeoutMs, attempt);
      if (outcome.ok) return outcome.response;
      if (!outcome.retryable || attempt > retries) throw outcome.error;
      const jitter = backoffDelayMs(
        attempt - 1,
        this.options.backoff ?? DEFAULT_BACKOFF,
        this.options.random,
      );
      await (this.options.sleep ?? wait)(Math.max(jitter, outcome.retryAfterMs ?? 0));
    }
  }

  private async attempt(
    method: string,
    url: string,
    body: string | undefined,
    timeoutMs: number,
    attempt: number,
  ): Promise<Attempt> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, {
        method,
        body,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        signal: controller.signal,
      });
      const text = await response.text();
      const parsed = parseBody(text);
      if (response.ok)
        return { ok: true, response: { status: response.status, body: parsed, headers: response.headers } };
      const retryable = response.status >= 500 || response.status === 429;
      const detail =
        typeof parsed === 'object' && parsed !== null && 'message' in parsed
          ? `: ${String((parsed as { message: unknown }).message)}`
          : '';
      const error = new AgentRequestError(
        'http',
        `${method} ${url} answered ${response.status}${detail}`,
        attempt,
        response.status,
        parsed,
      );
      return {
        ok: false,
        error,
        retryable,
        retryAfterMs: parseRetryAfterMs(response.headers.get('retry-after')),
      };
    } catch (cause) {
      const timedOut = controller.signal.aborted;
      const reason = timedOut ? `no answer within ${timeoutMs} ms` : networkReason(cause);
      const error = new AgentRequestError(
        timedOut ? 'timeout' : 'network',
        `${method} ${url} failed: ${reason}`,
        attempt,
      );
      return { ok: false, error, retryable: true };
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** fetch reports every connection problem as "fetch failed"; the useful part (ECONNREFUSED, …) is its cause. */
function networkReason(cause: unknown): string {
  const error = cause as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  const inner = error?.cause;
  if (inner && typeof inner === 'object')
    return [inner.code, inner.message].filter((part) => part !== undefined && part !== '').join(' ');
  return String(error?.message ?? cause);
}
