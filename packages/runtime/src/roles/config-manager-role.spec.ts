import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { ConfigError } from '../config/config-error';
import { ConfigManagerRole } from './config-manager-role';
import { roleTestBlueprint } from './role-test-support';

describe('ConfigManagerRole', () => {
  let runtime: AgentRuntime;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint(), {
      L9_PORT: '8123',
      L9_PACKET_SECRET: 'do-not-leak-this-secret',
      L9_ENABLE_RATE_LIMITS: 'false',
      L9_ENABLE_EXTRA: '1',
    });
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('reads typed values and feature flags, the environment over the schema defaults', () => {
    const config = new ConfigManagerRole(runtime);
    expect(config.number('port')).toBe(8123);
    expect(config.string('agent.id')).toBe('scorer-agent');
    expect(config.boolean('auth.required')).toBe(true);
    expect(config.string('governance.mode')).toBe('hybrid');
    expect(config.has('memory.keyspace')).toBe(true);
    expect(config.flag('L9_ENABLE_AUDIT_LOG')).toBe(true);
    expect(config.flag('RATE_LIMITS')).toBe(false);
    expect(config.flag('NEVER_SET')).toBe(false);
    expect(config.enabledFlags()).toEqual(['AUDIT_LOG', 'CAUSAL_TRACING', 'EXTRA']);
  });

  it('never exposes the packet secret and names a missing or mistyped key', () => {
    const config = new ConfigManagerRole(runtime);
    expect(JSON.stringify(config.snapshot())).not.toContain('do-not-leak-this-secret');
    expect(() => config.string('nowhere.at.all')).toThrow(ConfigError);
    expect(() => config.number('agent.id')).toThrow('agent.id: is string, not a number');
    expect(() => config.string('auditScope')).toThrow(/a list/);
    expect(() => config.string('port.value')).toThrow(/not a configuration key/);
    const snapshot = config.snapshot();
    snapshot['port'] = 1;
    expect(config.number('port')).toBe(8123);
  });
});
