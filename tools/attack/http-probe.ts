import { connect } from 'node:net';

export interface ProbeAnswer {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
  headers: Headers;
  elapsedMs: number;
}

/** One HTTP request with a bound on the wait; the answer's body as text and, when it parses, as JSON. */
export async function probe(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<ProbeAnswer> {
  const started = performance.now();
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    text,
    json,
    headers: response.headers,
    elapsedMs: performance.now() - started,
  };
}

/**
 * Sends a request's headers and then its body one byte every `intervalMs`, as a slow-loris client does, and reports
 * how long the server kept the connection open (capped at `capMs`) and what it answered, if anything.
 */
export function trickleBody(
  url: string,
  path: string,
  intervalMs: number,
  capMs: number,
): Promise<{ closedAfterMs: number; answer: string; cut: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host: hostname, port: Number(port) });
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const cap = setTimeout(() => finish(false), capMs);
    const finish = (cut: boolean) => {
      clearInterval(timer);
      clearTimeout(cap);
      socket.destroy();
      resolve({
        closedAfterMs: Math.round(performance.now() - started),
        answer: answer.split('\r\n')[0] ?? '',
        cut,
      });
    };
    socket.on('connect', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
      );
      timer = setInterval(() => socket.write(' '), intervalMs);
    });
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}
