import { ConfigError } from '../config/config-error';
import { postgresSchemas } from './create-agent-runtime';

describe('postgresSchemas', () => {
  it('uses the l9_ schemas by default', () => {
    expect(postgresSchemas({})).toEqual({
      memory: 'l9_memory',
      audit: 'l9_audit',
      governance: 'l9_governance',
    });
    expect(postgresSchemas({ L9_PG_SCHEMA_PREFIX: '' })).toEqual({
      memory: 'l9_memory',
      audit: 'l9_audit',
      governance: 'l9_governance',
    });
  });

  it('puts every PostgreSQL object of the agent under L9_PG_SCHEMA_PREFIX', () => {
    expect(postgresSchemas({ L9_PG_SCHEMA_PREFIX: 'staging_2' })).toEqual({
      memory: 'staging_2_memory',
      audit: 'staging_2_audit',
      governance: 'staging_2_governance',
    });
  });

  it.each(['Staging', 'my-prefix', '2nd', 'x'.repeat(53)])('refuses %j, naming the variable', (prefix) => {
    expect(() => postgresSchemas({ L9_PG_SCHEMA_PREFIX: prefix })).toThrow(ConfigError);
    expect(() => postgresSchemas({ L9_PG_SCHEMA_PREFIX: prefix })).toThrow(/^L9_PG_SCHEMA_PREFIX: /);
  });

  it('accepts the longest prefix whose schema names PostgreSQL can hold', () => {
    expect(postgresSchemas({ L9_PG_SCHEMA_PREFIX: 'x'.repeat(52) }).governance).toHaveLength(63);
  });
});
