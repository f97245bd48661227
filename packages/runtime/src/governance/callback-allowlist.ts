import { ConfigError } from '../config/config-error';

/** The variable listing the origins held work may report back to (`https://hooks.example.com,http://127.0.0.1:9000`). */
export const CALLBACK_ALLOWLIST_VARIABLE = 'L9_CALLBACK_ALLOWLIST';

/**
 * Origins (scheme, host, port) a caller's `callback_url` may point at. A callback is a request the agent makes
 * to an address a caller chose, so without this list a caller could aim the agent at whatever the agent can
 * reach and the caller cannot (metadata services, admin ports on loopback, the internal network): server-side
 * request forgery. The list is empty unless configured, and an empty list sends no callback at all; the
 * outcome still reaches the escalation record, the event stream and the source agent.
 */
export class CallbackAllowlist {
  private readonly origins: ReadonlySet<string>;

  constructor(origins: readonly string[] = []) {
    this.origins = new Set(origins);
  }

  /** Parses `L9_CALLBACK_ALLOWLIST`; an entry that is not an http(s) origin stops the start, naming it. */
  static fromEnv(value: string | undefined): CallbackAllowlist {
    const entries = (value ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    return new CallbackAllowlist(
      entries.map((entry) => {
        let url: URL;
        try {
          url = new URL(entry);
        } catch {
          throw new ConfigError(
            CALLBACK_ALLOWLIST_VARIABLE,
            `"${entry}" is not a URL; list origins such as https://hooks.example.com`,
          );
        }
        if (
          (url.protocol !== 'http:' && url.protocol !== 'https:') ||
          url.pathname !== '/' ||
          url.search ||
          url.username
        ) {
          throw new ConfigError(
            CALLBACK_ALLOWLIST_VARIABLE,
            `"${entry}" must be an http or https origin (scheme, host and port only)`,
          );
        }
        return url.origin;
      }),
    );
  }

  /** The URL to call, or why not. */
  check(callbackUrl: string): { ok: true; url: URL } | { ok: false; reason: string } {
    let url: URL;
    try {
      url = new URL(callbackUrl);
    } catch {
      return { ok: false, reason: 'callback_url is not a URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return { ok: false, reason: 'callback_url must be http or https' };
    if (url.username || url.password) return { ok: false, reason: 'callback_url must not carry credentials' };
    if (!this.origins.has(url.origin))
      return {
        ok: false,
        reason: `callback_url origin ${url.origin} is not in ${CALLBACK_ALLOWLIST_VARIABLE}`,
      };
    return { ok: true, url };
  }
}
