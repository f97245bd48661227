import { Writable } from 'node:stream';
import pino from 'pino';
import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { LoggerRole } from './logger-role';
import { roleTestBlueprint } from './role-test-support';

function capture(): { lines: Array<Record<string, unknown>>; stream: Writable } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('LoggerRole', () => {
  let runtime: AgentRuntime;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint());
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('binds agent, version and module to every line and audits security events', async () => {
    const sink = capture();
    const logger = new LoggerRole(
      { ...runtime, log: pino({ level: 'debug' }, sink.stream) },
      { module: 'api-server' },
    );
    logger.debug('warming up');
    logger.info('started', { port: 1 });
    logger.warn('slow', { ms: 900 });
    logger.error('failed');
    logger.child({ request: 'r1' }).info('child line');
    const seq = await logger.security('auth.failed', 'POST /scorer/v1/retrain', { reason: 'bad token' });
    expect(seq).toBe(1);
    expect(sink.lines.map((l) => l['msg'])).toEqual([
      'warming up',
      'started',
      'slow',
      'failed',
      'child line',
      'security event auth.failed',
    ]);
    expect(sink.lines[1]).toMatchObject({
      agent: 'scorer-agent',
      version: '1.2.0',
      module: 'api-server',
      port: 1,
    });
    expect(sink.lines[4]).toMatchObject({ request: 'r1', module: 'api-server' });
    expect((await runtime.audit.verify()).checked).toBe(1);
  });

  it('refuses a security event name that is not a dotted lower-case name, and skips audit when it is off', async () => {
    await expect(new LoggerRole(runtime).security('Auth Failed', null)).rejects.toThrow(RangeError);
    const quiet = await createTestRuntime(roleTestBlueprint(), { L9_ENABLE_AUDIT_LOG: 'false' });
    try {
      expect(await new LoggerRole(quiet).security('auth.failed', null)).toBeNull();
    } finally {
      await quiet.close();
    }
  });
});
