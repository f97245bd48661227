import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../memory/testing/wait-for';
import type { EscalationRecord } from './escalation-record';
import {
  notifyAll,
  NotificationRejectedError,
  type GovernanceNotification,
  type NotificationChannel,
} from './notification-channel';
import { NotificationDispatcher, type NotificationFailure } from './notification-dispatcher';
import { WebhookChannel } from './webhook-channel';

const escalation = { id: 'esc-1', status: 'paused' } as unknown as EscalationRecord;
const notification: GovernanceNotification = { type: 'escalation.created', escalation };
const NO_DELAY = { baseMs: 0, maxMs: 0 };

/** A channel whose sends are settled by the test. */
class ScriptedChannel implements NotificationChannel {
  readonly name = 'scripted';
  calls = 0;
  constructor(private readonly script: (call: number, signal?: AbortSignal) => Promise<void>) {}
  send(_notification: GovernanceNotification, signal?: AbortSignal): Promise<void> {
    this.calls += 1;
    return this.script(this.calls, signal);
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('NotificationDispatcher', () => {
  it('answers send at once and delivers in the background', async () => {
    const gate = deferred();
    let delivered = false;
    const channel = new ScriptedChannel(async () => {
      await gate.promise;
      delivered = true;
    });
    const dispatcher = new NotificationDispatcher();
    expect(await notifyAll([dispatcher.inBackground(channel)], notification)).toEqual([
      { channel: 'scripted', ok: true },
    ]);
    expect(delivered).toBe(false);
    expect(dispatcher.pending).toBe(1);
    gate.resolve();
    await dispatcher.close();
    expect(delivered).toBe(true);
    expect(dispatcher.pending).toBe(0);
  });

  it('retries a failing channel a bounded number of times, then reports the failure', async () => {
    const failures: NotificationFailure[] = [];
    const channel = new ScriptedChannel(async (call) => {
      throw new Error(`HTTP 503 (call ${call})`);
    });
    const dispatcher = new NotificationDispatcher({
      retries: 2,
      backoff: NO_DELAY,
      onFailure: (failure) => failures.push(failure),
    });
    dispatcher.dispatch(channel, notification);
    await dispatcher.close();
    expect(channel.calls).toBe(3);
    expect(failures).toEqual([
      { channel: 'scripted', notification, attempts: 3, error: 'HTTP 503 (call 3)' },
    ]);
  });

  it('stops retrying once a channel succeeds', async () => {
    const failures: NotificationFailure[] = [];
    const channel = new ScriptedChannel(async (call) => {
      if (call < 2) throw new Error('connection refused');
    });
    const dispatcher = new NotificationDispatcher({
      retries: 5,
      backoff: NO_DELAY,
      onFailure: (failure) => failures.push(failure),
    });
    dispatcher.dispatch(channel, notification);
    await dispatcher.close();
    expect(channel.calls).toBe(2);
    expect(failures).toEqual([]);
  });

  it('does not retry a notification the receiver refused', async () => {
    const failures: NotificationFailure[] = [];
    const channel = new ScriptedChannel(async () => {
      throw new NotificationRejectedError('HTTP 422');
    });
    const dispatcher = new NotificationDispatcher({
      retries: 5,
      backoff: NO_DELAY,
      onFailure: (failure) => failures.push(failure),
    });
    dispatcher.dispatch(channel, notification);
    await dispatcher.close();
    expect(channel.calls).toBe(1);
    expect(failures).toMatchObject([{ attempts: 1, error: 'HTTP 422' }]);
  });

  it('cuts off an attempt at its timeout even when the channel ignores its signal', async () => {
    const failures: NotificationFailure[] = [];
    const channel = new ScriptedChannel(() => new Promise<void>(() => undefined));
    const dispatcher = new NotificationDispatcher({
      attemptTimeoutMs: 20,
      retries: 1,
      backoff: NO_DELAY,
      onFailure: (failure) => failures.push(failure),
    });
    dispatcher.dispatch(channel, notification);
    await dispatcher.close();
    expect(channel.calls).toBe(2);
    expect(failures).toMatchObject([{ attempts: 2, error: 'no answer within 20 ms' }]);
  });

  it('closes within its bound while a receiver never answers, reporting the delivery as abandoned', async () => {
    const failures: NotificationFailure[] = [];
    let sawAbort = false;
    const channel = new ScriptedChannel(
      (_call, signal) =>
        new Promise<void>((_resolve, reject) =>
          signal?.addEventListener('abort', () => {
            sawAbort = true;
            reject(new Error('aborted'));
          }),
        ),
    );
    const dispatcher = new NotificationDispatcher({
      attemptTimeoutMs: 600_000,
      closeTimeoutMs: 20,
      onFailure: (failure) => failures.push(failure),
    });
    dispatcher.dispatch(channel, notification);
    await dispatcher.close();
    expect(sawAbort).toBe(true);
    expect(channel.calls).toBe(1);
    expect(failures).toMatchObject([
      { attempts: 1, error: expect.stringMatching(/abandoned: the agent closed before delivery/) },
    ]);
    // Once closed, nothing new is sent.
    dispatcher.dispatch(channel, notification);
    expect(channel.calls).toBe(1);
    expect(failures.at(-1)).toMatchObject({ attempts: 0, error: 'not sent: the agent is closing' });
  });

  describe('with a webhook that never answers', () => {
    let server: Server;
    let url: string;
    const requests: IncomingMessage[] = [];

    beforeAll(async () => {
      // Accepts each request and never answers it.
      server = createServer((request) => void requests.push(request));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('lets the escalating request go on while the webhook is still waiting', async () => {
      const failures: NotificationFailure[] = [];
      const dispatcher = new NotificationDispatcher({
        attemptTimeoutMs: 600_000,
        retries: 0,
        closeTimeoutMs: 50,
        onFailure: (failure) => failures.push(failure),
      });
      const webhook = dispatcher.inBackground(
        new WebhookChannel({ url, secret: 'webhook-test-secret-0123456789abcdef' }),
      );
      // What Governance does when it escalates: this resolves although the receiver holds the request.
      expect(await notifyAll([webhook], notification)).toEqual([{ channel: webhook.name, ok: true }]);
      await waitFor('the webhook request to arrive', () => requests.length > 0);
      expect(requests[0]!.headers['l9-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(dispatcher.pending).toBe(1);
      await dispatcher.close();
      expect(failures).toMatchObject([{ channel: webhook.name, error: expect.stringMatching(/abandoned/) }]);
    });
  });
});
