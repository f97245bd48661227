import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadRuntimeConfig } from '../config/load-runtime-config';
import type { EscalationRecord } from '../governance/escalation-record';
import { notifyAll, type GovernanceNotification } from '../governance/notification-channel';
import { verifyWebhookSignature } from '../governance/webhook-signature';
import { waitFor } from '../memory/testing/wait-for';
import { openNotifications } from './open-notifications';

const SECRET = 'notifications-test-secret-0123456789';
const escalation = {
  id: 'esc-7',
  decision: { id: 'd-7', agent: 'tensoraios', action: 'score', signals: { anomaly_score: 0.99 } },
  matched_rules: [{ id: 'anomaly', metric: 'anomaly_score', op: '>', threshold: 0.95 }],
  triggers: [],
  anchors: ['Igor'],
  status: 'paused',
  created_at: '2026-06-01T12:00:00.000Z',
} as unknown as EscalationRecord;
const notification: GovernanceNotification = { type: 'escalation.created', escalation };

describe('the agent notification channels', () => {
  let server: Server;
  let url: string;
  let answer: (call: number) => number;
  const deliveries: { headers: IncomingMessage['headers']; body: string; status: number }[] = [];
  const logLines: Array<Record<string, unknown>> = [];
  const log = pino(
    { level: 'warn' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const status = answer(deliveries.length + 1);
        deliveries.push({ headers: request.headers, body, status });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/governance`;
  });

  beforeEach(() => {
    deliveries.length = 0;
    logLines.length = 0;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const configured = (extra: Record<string, string> = {}) =>
    loadRuntimeConfig({ L9_GOVERNANCE_WEBHOOK_URL: url, L9_GOVERNANCE_WEBHOOK_SECRET: SECRET, ...extra })
      .notifications;

  it('log only without a webhook URL', () => {
    const { channels } = openNotifications(loadRuntimeConfig({}).notifications, log);
    expect(channels.map((channel) => channel.name)).toEqual(['log']);
  });

  it('retries a failing receiver until it takes the signed notification', async () => {
    answer = (call) => (call < 3 ? 503 : 204);
    const { channels, dispatcher } = openNotifications(configured(), log);
    expect(await notifyAll(channels, notification)).toEqual([
      { channel: 'log', ok: true },
      { channel: `webhook:${new URL(url).host}`, ok: true },
    ]);
    await waitFor('the third attempt', () => deliveries.length === 3);
    await dispatcher.close();
    expect(deliveries.map((delivery) => delivery.status)).toEqual([503, 503, 204]);
    const last = deliveries[2]!;
    expect(
      verifyWebhookSignature({ secret: SECRET, body: last.body, header: last.headers['l9-signature'] }),
    ).toMatchObject({ ok: true });
    expect(JSON.parse(last.body)).toEqual(notification);
    expect(logLines.filter((line) => line['msg'] === 'governance notification failed')).toEqual([]);
  });

  it('logs a delivery that finally fails, with the escalation and the number of attempts', async () => {
    answer = () => 500;
    const { channels, dispatcher } = openNotifications(configured({ L9_NOTIFY_RETRIES: '1' }), log);
    await notifyAll(channels, notification);
    await waitFor('both attempts', () => deliveries.length === 2);
    await dispatcher.close();
    expect(logLines.filter((line) => line['msg'] === 'governance notification failed')).toEqual([
      expect.objectContaining({
        channel: `webhook:${new URL(url).host}`,
        escalation_id: 'esc-7',
        event: 'escalation.created',
        attempts: 2,
        error: `webhook ${url}: HTTP 500`,
      }),
    ]);
  });
});
