import { connect, type Socket } from 'node:net';
import type { HttpLimits } from '../config/load-runtime-config';
import { createAgentServer, type AgentServer } from './create-agent-server';

const IDENTITY = { id: 'limits-agent', name: 'LimitsAgent', version: '1.0.0', routePrefix: 'limits' };
const LIMITS: HttpLimits = {
  headersTimeoutMs: 300,
  requestTimeoutMs: 600,
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 1_000,
  maxConnections: 3,
  maxRequestsPerSocket: 100,
};

/** What a raw client saw: everything the server wrote, and whether the server closed the connection. */
interface Exchange {
  received: string;
  closedByServer: boolean;
}

/**
 * Writes `head`, then one byte of `drip` every `intervalMs` — a client sending its request too slowly — and stops
 * when the server closes the socket or the drip runs out (the bound that keeps a broken server from hanging the test).
 */
async function trickle(port: number, head: string, drip: string, intervalMs = 50): Promise<Exchange> {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.once('close', () => (closed = true));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(head);
  for (const byte of drip) {
    if (closed) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    if (!closed) socket.write(byte);
  }
  const closedByServer = closed;
  socket.destroy();
  await ended;
  return { received, closedByServer };
}

describe('HTTP limits of the agent server', () => {
  let server: AgentServer;
  let port: number;

  beforeAll(async () => {
    server = createAgentServer({
      identity: IDENTITY,
      settings: { http: LIMITS },
      collectDefaultMetrics: false,
    });
    port = Number(new URL(await server.listen(0, '127.0.0.1')).port);
  });

  afterAll(() => server.close());

  it('answers 408 and cuts off a request whose body trickles in', async () => {
    const head = `POST /limits/packets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{`;
    const exchange = await trickle(port, head, '"'.repeat(150));
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 and cuts off a request whose headers trickle in', async () => {
    const exchange = await trickle(
      port,
      'GET /limits/status HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      'X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    );
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still serves a request that arrives in time', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/limits/status`);
    expect(response.status).toBe(200);
  });

  it('refuses connections beyond the cap while serving the ones it holds', async () => {
    const held: Socket[] = [];
    try {
      for (let i = 0; i < LIMITS.maxConnections; i += 1) {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        held.push(socket);
      }
      // Let the server accept the held ones before the extra one knocks.
      await new Promise((resolve) => setImmediate(resolve));
      // Served, the extra connection would get a 200 and be closed after the keep-alive timeout; refused, it is
      // closed at once with nothing written. Either way the server ends it, which bounds the wait.
      const extra = connect(port, '127.0.0.1');
      let received = '';
      extra.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      extra.on('error', () => undefined);
      const closed = new Promise<void>((resolve) => extra.once('close', () => resolve()));
      extra.write('GET /limits/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await closed;
      expect(received).toBe('');

      const served = held[0]!;
      const answer = new Promise<string>((resolve) =>
        served.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))),
      );
      served.write('GET /limits/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      expect(await answer).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      for (const socket of held) socket.destroy();
    }
  });

  it('closes within the request timeout although a client is still trickling a request in', async () => {
    const closing = createAgentServer({
      identity: IDENTITY,
      settings: { http: LIMITS },
      collectDefaultMetrics: false,
    });
    const closingPort = Number(new URL(await closing.listen(0, '127.0.0.1')).port);
    // A drip of 400 bytes at 50 ms lasts 20 s, far past the 600 ms request timeout; once the server is closing, Node
    // no longer enforces that timeout, so only the close's own deadline can end this connection.
    const exchange = trickle(
      closingPort,
      'GET /limits/status HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      'a'.repeat(400),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    let closed = false;
    const closedServer = closing.close().then(() => (closed = true));
    const seen = await exchange;
    await closedServer;
    expect(closed).toBe(true);
    expect(seen.closedByServer).toBe(true);
  });
});
