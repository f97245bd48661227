/**
 * `fetch`, with a GET tried once more when it failed on a kept-alive socket the agent had already closed.
 * An agent closes a connection idle past its keep-alive timeout (`L9_HTTP_KEEP_ALIVE_TIMEOUT_MS`, 5 s); a
 * busy client (parallel pair tasks on a loaded machine) can notice too late and reuse that socket, and the
 * request fails with "other side closed" before the agent read it. A GET has no effect to repeat; any other
 * method is never retried, since it may have been handled.
 */
export async function fetchRetryingStaleSocket(
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method !== 'GET' || !closedBeforeAnswer(error)) throw error;
    return fetch(input, init);
  }
}

/** Node's fetch reports a socket the other side closed as `fetch failed` with an undici SocketError or a reset as its cause. */
export function closedBeforeAnswer(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}
