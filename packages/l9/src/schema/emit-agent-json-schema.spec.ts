import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '../testing/reference-inputs';
import { agentSpecSchema } from './model/agent-spec';
import { AGENT_JSON_SCHEMA_PATH, agentJsonSchemaFile } from './emit-agent-json-schema';
import { ingestSchemas } from './ingest-schemas';
import { referenceInput, TEST_LIMITS } from '../testing/reference-inputs';

describe('the JSON Schema of agent.yaml', () => {
  it('is committed exactly as the zod model emits it (run tools/emit-agent-json-schema.ts after changing the model)', () => {
    expect(readFileSync(join(workspaceRoot(), AGENT_JSON_SCHEMA_PATH), 'utf8')).toBe(agentJsonSchemaFile());
  });

  it('describes the normalized fields and forbids unknown ones', () => {
    const schema = JSON.parse(agentJsonSchemaFile());
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'depends_on',
        'governance',
        'endpoints',
        'modules',
        'extensions',
      ]),
    );
    expect(schema.additionalProperties).toBe(false);
  });

  it('accepts every normalized reference agent through the same zod model', () => {
    const { ecosystem } = ingestSchemas(
      [referenceInput('example-L9_Tensor_MainAgent_Schema_v6.yaml'), referenceInput('sympy_schema_v6.yaml')],
      { limits: TEST_LIMITS },
    );
    for (const agent of ecosystem.agents) expect(agentSpecSchema.safeParse(agent).success).toBe(true);
  });
});
