import * as z from 'zod';
import { governanceModeSchema, httpMethodSchema } from './raw-agent';

/**
 * The normalized agent: one shape whatever dialect or file layout the user wrote. It is what the plan,
 * the generators and the inferred targets read, and what `agent.yaml` holds.
 */
export const endpointSpecSchema = z.strictObject({
  name: z.string().describe('Operation name, unique within the agent (snake_case as written).'),
  path: z.string().describe('HTTP path the agent serves, exactly as declared.'),
  method: httpMethodSchema,
  timeout_ms: z.number().int().positive().describe('Per-call timeout; the server answers 504 past it.'),
  auth: z.string().optional().describe('Credential the endpoint requires, e.g. governance_token.'),
  description: z.string().optional().describe('One line saying what the endpoint does.'),
  handler: z
    .string()
    .nullable()
    .optional()
    .describe(
      'Module (kebab-case name) that serves the endpoint, as `handler:` declares it; null: none, the runtime acknowledges calls. Absent: the domain module named like the endpoint.',
    ),
  request: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'JSON Schema (draft 2020-12) of the input: the JSON body, or the query string of a GET or DELETE.',
    ),
  response: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('JSON Schema (draft 2020-12) of the answer.'),
});

export const moduleSpecSchema = z.strictObject({
  source: z.string().describe('The generatefiles entry as written, e.g. tensor_scorer.py.'),
  name: z.string().describe('Kebab-case module name, e.g. tensor-scorer.'),
});

export const docSpecSchema = z.strictObject({
  source: z.string().describe('The generatedocs entry as written.'),
  file: z.string().describe('File name inside the agent project docs/ folder.'),
});

export const memoryLayerSpecSchema = z.strictObject({
  layer: z.string().describe('Layer key as written, e.g. workingmemory.'),
  storagetype: z.string().optional(),
  purpose: z.string().optional(),
  keyspace: z.string().optional(),
  retention: z.string().optional(),
  indexby: z.array(z.string()).optional(),
  extra: z.record(z.string(), z.unknown()).describe('Every other key of the layer, verbatim.'),
});

export const agentSpecSchema = z.strictObject({
  id: z.string().describe('Project id and folder name under agents/: kebab-case of the name.'),
  name: z.string().describe('Agent name as written; dependencies refer to it.'),
  system: z.string(),
  module: z.string(),
  role: z.string(),
  rootpath: z.string().optional(),
  version: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  depends_on: z.strictObject({ hard: z.array(z.string()), soft: z.array(z.string()) }),
  governance: z.strictObject({
    anchors: z.array(z.string()),
    mode: governanceModeSchema,
    humanoverride: z.boolean(),
    escalationpolicy: z.string().optional(),
    auditscope: z.array(z.string()),
    complianceauditor: z.string().optional(),
  }),
  memory: z
    .array(memoryLayerSpecSchema)
    .describe('Memory topology, one entry per layer, in the order written.'),
  communication: z.strictObject({
    input: z.array(z.string()),
    output: z.array(z.string()),
    channels: z.record(z.string(), z.boolean()),
  }),
  route_prefix: z
    .string()
    .describe('First path segment of the endpoints; the runtime serves status, health and packets under it.'),
  endpoints: z.array(endpointSpecSchema),
  modules: z.array(moduleSpecSchema),
  docs: z.array(docSpecSchema),
  linkexisting: z.array(z.string()),
  deployment: z.record(z.string(), z.unknown()).describe('Deployment section without endpoints, verbatim.'),
  extensions: z
    .record(z.string(), z.unknown())
    .describe('Every top-level key L9 does not interpret, verbatim.'),
});

export type AgentSpec = z.infer<typeof agentSpecSchema>;
export type EndpointSpec = z.infer<typeof endpointSpecSchema>;
export type ModuleSpec = z.infer<typeof moduleSpecSchema>;
export type DocSpec = z.infer<typeof docSpecSchema>;
export type MemoryLayerSpec = z.infer<typeof memoryLayerSpecSchema>;

/** JSON Schema (draft 2020-12) of the normalized agent, for editors validating `agent.yaml`. */
export function agentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(agentSpecSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
