import * as z from 'zod';

/**
 * The v6 agent schema as users write it, in both dialects. Only the sections L9 interprets are typed;
 * every other key passes through untouched (`looseObject`) and is kept verbatim in the normalized form.
 */
const text = z.string();
const textList = z.array(z.string());

export const governanceModeSchema = z.enum(['autonomous', 'supervised', 'hybrid']);

export const rawGovernanceSchema = z.looseObject({
  anchors: textList.optional(),
  mode: governanceModeSchema.optional(),
  humanoverride: z.boolean().optional(),
  escalationpolicy: text.optional(),
  auditscope: textList.optional(),
  complianceauditor: text.optional(),
});

export const rawMemoryLayerSchema = z.looseObject({
  storagetype: text.optional(),
  purpose: text.optional(),
  keyspace: text.optional(),
  retention: text.optional(),
  indexby: textList.optional(),
});

export const rawCommunicationSchema = z.looseObject({
  input: textList.optional(),
  output: textList.optional(),
  channels: z.record(z.string(), z.boolean()).optional(),
});

export const httpMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export const rawEndpointObjectSchema = z.looseObject({
  name: text,
  path: text,
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .pipe(httpMethodSchema),
  timeout_ms: z.number().int().positive().optional(),
  auth_required: z.union([z.string(), z.boolean()]).optional(),
  /** The `generatefiles` entry whose module serves the endpoint; `null`: no module, the runtime acknowledges calls. */
  handler: text.nullable().optional(),
  description: text.optional(),
  /** JSON Schema (draft 2020-12) of the call's input: the JSON body, or the query string of a GET or DELETE. */
  request: z.record(z.string(), z.unknown()).optional(),
  /** JSON Schema (draft 2020-12) of the answer. */
  response: z.record(z.string(), z.unknown()).optional(),
});

export const rawDeploymentSchema = z.looseObject({
  endpoints: z.array(z.union([text, rawEndpointObjectSchema])).optional(),
});

export const rawCursorInstructionsSchema = z.looseObject({
  generatefiles: textList.optional(),
  generatedocs: textList.optional(),
  linkexisting: textList.optional(),
  createifmissing: textList.optional(),
});

export const rawDependsOnSchema = z.union([
  textList,
  z.strictObject({ hard: textList.nullish(), soft: textList.nullish() }),
]);

export const rawNestedSystemSchema = z.looseObject({
  system: text.optional(),
  module: text.optional(),
  name: text,
  role: text.optional(),
  rootpath: text.optional(),
});

export const rawAgentSchema = z.looseObject({
  title: text.optional(),
  version: z.union([text, z.number()]).optional(),
  system: z.union([text, rawNestedSystemSchema]).optional(),
  module: text.optional(),
  name: text.optional(),
  role: text.optional(),
  rootpath: text.optional(),
  description: text.optional(),
  depends_on: rawDependsOnSchema.optional(),
  governance: rawGovernanceSchema.optional(),
  memorytopology: z.record(z.string(), rawMemoryLayerSchema).optional(),
  communicationstack: rawCommunicationSchema.optional(),
  cursorinstructions: rawCursorInstructionsSchema.optional(),
  deployment: rawDeploymentSchema.optional(),
});

export type RawAgent = z.infer<typeof rawAgentSchema>;
export type RawEndpoint = z.infer<typeof rawEndpointObjectSchema>;
