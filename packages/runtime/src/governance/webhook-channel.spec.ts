import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EscalationRecord } from './escalation-record';
import type { GovernanceNotification } from './notification-channel';
import { WebhookChannel } from './webhook-channel';

const escalation: EscalationRecord = {
  id: 'esc-1',
  decision: { id: 'd-1', agent: 'tensoraios', action: 'score', signals: { anomaly_score: 0.99 } },
  matched_rules: [{ id: 'anomaly', metric: 'anomaly_score', op: '>', threshold: 0.95 }],
  triggers: [],
  anchors: ['Igor'],
  status: 'paused',
  created_at: '2025-06-01T12:00:00.000Z',
};
const notification: GovernanceNotification = { type: 'escalation.created', escalation };

describe('WebhookChannel against a local HTTP server', () => {
  let server: Server;
  let url: string;
  let respond: (request: IncomingMessage, response: ServerResponse, body: string) => void;
  const received: { headers: IncomingMessage['headers']; body: unknown }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body: JSON.parse(body) });
        respond(request, response, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/governance`;
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the notification as JSON with the configured headers', async () => {
    respond = (_request, response) => response.writeHead(204).end();
    const channel = new WebhookChannel({ url, headers: { authorization: 'Bearer t' } });
    await channel.send(notification);
    expect(received).toEqual([
      {
        headers: expect.objectContaining({ 'content-type': 'application/json', authorization: 'Bearer t' }),
        body: JSON.parse(JSON.stringify(notification)),
      },
    ]);
    expect(channel.name).toBe(`webhook:${new URL(url).host}`);
  });

  it('retries a 5xx answer with exponential backoff and succeeds', async () => {
    let calls = 0;
    respond = (_request, response) => response.writeHead(++calls < 3 ? 503 : 200).end('{}');
    const delays: number[] = [];
    const channel = new WebhookChannel({ url, retries: 3, backoffMs: 10, sleep: async (ms) => void delays.push(ms) });
    await channel.send(notification);
    expect(received).toHaveLength(3);
    expect(delays).toEqual([10, 20]);
  });

  it('gives up after the retries, naming the last failure', async () => {
    respond = (_request, response) => response.writeHead(500).end();
    const channel = new WebhookChannel({ url, retries: 1, backoffMs: 0 });
    await expect(channel.send(notification)).rejects.toThrow(`webhook ${url} failed: HTTP 500`);
    expect(received).toHaveLength(2);
  });

  it('does not retry a 4xx rejection', async () => {
    respond = (_request, response) => response.writeHead(422).end();
    const channel = new WebhookChannel({ url, retries: 3, backoffMs: 0 });
    await expect(channel.send(notification)).rejects.toThrow('HTTP 422');
    expect(received).toHaveLength(1);
  });

  it('times out an attempt that gets no answer', async () => {
    respond = () => undefined;
    const channel = new WebhookChannel({ url, timeoutMs: 50, retries: 0 });
    await expect(channel.send(notification)).rejects.toThrow('no answer within 50 ms');
    server.closeAllConnections();
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const channel = new WebhookChannel({ url: `http://127.0.0.1:${port}/`, retries: 0 });
    await expect(channel.send(notification)).rejects.toThrow(/webhook http:\/\/127\.0\.0\.1:\d+\/ failed/);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new WebhookChannel({ url: 'not a url' })).toThrow('"not a url" is not a valid URL');
    expect(() => new WebhookChannel({ url: 'ftp://example.org/x' })).toThrow('must be http or https');
  });
});
