import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EscalationRecord } from './escalation-record';
import type { GovernanceNotification } from './notification-channel';
import { NotificationRejectedError } from './notification-channel';
import { WebhookChannel } from './webhook-channel';
import { verifyWebhookSignature } from './webhook-signature';

const SECRET = 'webhook-test-secret-0123456789abcdef';

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
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
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

  it('POSTs the notification as JSON, signed so the receiver can verify it came from the agent', async () => {
    respond = (_request, response) => response.writeHead(204).end();
    const channel = new WebhookChannel({
      url,
      secret: SECRET,
      headers: { authorization: 'Bearer t', 'l9-signature': 'forged' },
    });
    await channel.send(notification);
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery!.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer t',
    });
    expect(JSON.parse(delivery!.body)).toEqual(JSON.parse(JSON.stringify(notification)));
    expect(delivery!.headers['l9-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        body: delivery!.body,
        header: delivery!.headers['l9-signature'],
      }),
    ).toMatchObject({ ok: true });
    // Anyone without the secret, or a body changed on the way, fails verification.
    expect(
      verifyWebhookSignature({
        secret: `${SECRET}-other`,
        body: delivery!.body,
        header: delivery!.headers['l9-signature'],
      }),
    ).toEqual({ ok: false, reason: 'signature does not match the body' });
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        body: delivery!.body.replace('paused', 'approved'),
        header: delivery!.headers['l9-signature'],
      }),
    ).toMatchObject({ ok: false });
    expect(channel.name).toBe(`webhook:${new URL(url).host}`);
  });

  it('rejects a 5xx or 429 answer with an error the dispatcher retries', async () => {
    for (const status of [503, 429]) {
      respond = (_request, response) => response.writeHead(status).end('{}');
      const failure = new WebhookChannel({ url, secret: SECRET }).send(notification);
      await expect(failure).rejects.toThrow(`webhook ${url}: HTTP ${status}`);
      await expect(failure).rejects.not.toBeInstanceOf(NotificationRejectedError);
    }
  });

  it('rejects any other 4xx as refused by the receiver, which is not retried', async () => {
    respond = (_request, response) => response.writeHead(422).end();
    await expect(new WebhookChannel({ url, secret: SECRET }).send(notification)).rejects.toBeInstanceOf(
      NotificationRejectedError,
    );
  });

  it('gives up on an attempt that gets no answer, at its own timeout or when the caller aborts', async () => {
    respond = () => undefined;
    await expect(
      new WebhookChannel({ url, secret: SECRET, timeoutMs: 50 }).send(notification),
    ).rejects.toThrow('no answer within 50 ms');
    const caller = new AbortController();
    const aborted = new WebhookChannel({ url, secret: SECRET }).send(notification, caller.signal);
    caller.abort();
    await expect(aborted).rejects.toThrow(`webhook ${url}: `);
    server.closeAllConnections();
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const channel = new WebhookChannel({ url: `http://127.0.0.1:${port}/`, secret: SECRET });
    await expect(channel.send(notification)).rejects.toThrow(/^webhook http:\/\/127\.0\.0\.1:\d+\/: /);
  });

  it('refuses a URL that is not http(s), and a webhook without a signing secret', () => {
    expect(() => new WebhookChannel({ url: 'not a url', secret: SECRET })).toThrow(
      '"not a url" is not a valid URL',
    );
    expect(() => new WebhookChannel({ url: 'ftp://example.org/x', secret: SECRET })).toThrow(
      'must be http or https',
    );
    expect(() => new WebhookChannel({ url: 'https://example.org/x', secret: '' })).toThrow(
      /a signing secret of at least 32 characters is required \(L9_GOVERNANCE_WEBHOOK_SECRET/,
    );
    expect(() => new WebhookChannel({ url: 'https://example.org/x' } as never)).toThrow(/signing secret/);
  });
});
