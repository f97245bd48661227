import { agentJsonSchema } from './model/agent-spec';

/** Path of the committed JSON Schema of `agent.yaml`, relative to the workspace root. */
export const AGENT_JSON_SCHEMA_PATH = 'packages/l9/schemas/agent.schema.json';

/** The JSON Schema file's bytes: emitted from the zod model, so the two cannot drift apart. */
export function agentJsonSchemaFile(): string {
  const schema = {
    $id: 'https://l9.dev/schemas/agent.schema.json',
    title: 'L9 normalized agent (agent.yaml)',
    ...agentJsonSchema(),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
