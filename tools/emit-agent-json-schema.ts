/**
 * Writes packages/l9/schemas/agent.schema.json from the zod model of the normalized agent.
 * Run: node -r @swc-node/register tools/emit-agent-json-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AGENT_JSON_SCHEMA_PATH,
  agentJsonSchemaFile,
} from '../packages/l9/src/schema/emit-agent-json-schema';

writeFileSync(join(__dirname, '..', AGENT_JSON_SCHEMA_PATH), agentJsonSchemaFile());
process.stdout.write(`wrote ${AGENT_JSON_SCHEMA_PATH}\n`);
