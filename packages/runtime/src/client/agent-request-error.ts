/**
 * A call to another agent that did not succeed. `kind` says why: the agent answered with an error status
 * (`http`, with `status` and the JSON `body`), the connection failed (`network`), no answer came within the
 * timeout (`timeout`), or the answer was not a valid, authentic envelope (`bad_response`).
 */
export class AgentRequestError extends Error {
  constructor(
    readonly kind: 'http' | 'network' | 'timeout' | 'bad_response',
    message: string,
    readonly attempts: number,
    readonly status?: number,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'AgentRequestError';
  }
}
