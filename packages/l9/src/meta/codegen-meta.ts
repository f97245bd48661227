import * as z from 'zod';
import { addRuleIssue, checkUnique, metaHeader, nonEmptyText, positiveInt } from './shared-fields';

/** Model of `templates/meta/meta.codegen.yaml`: the configuration every generated agent inherits. */

export const backendSchema = z.enum(['redis', 'postgres', 'neo4j']);

const backendList = z.array(backendSchema).min(1);

export const memoryDefaultsSchema = z.strictObject({
  working: z.strictObject({
    backends: backendList,
    ttl_seconds: positiveInt,
    keyspace: nonEmptyText.refine((k) => k.includes('<id>'), { message: 'keyspace must contain <id>, the agent id' }),
  }),
  episodic: z.strictObject({ backends: backendList, retention_days: positiveInt }),
  semantic: z.strictObject({ backends: backendList }),
  causal: z.strictObject({ backends: backendList, model: z.literal('hypergraph') }),
});

export const governanceModeSchema = z.enum(['autonomous', 'supervised', 'hybrid']);

export const governanceDefaultsSchema = z.strictObject({
  anchors: z.array(nonEmptyText).min(1),
  mode: governanceModeSchema,
  human_override: z.boolean(),
  escalation: z.strictObject({
    initial_state: z.literal('paused'),
    notify_channels: z.array(z.enum(['audit-log', 'event-stream', 'log'])).min(1),
    decision_timeout_seconds: positiveInt,
    on_timeout: z.enum(['reject', 'keep-paused']),
  }),
});

export const transportSchema = z.enum(['rest', 'event-stream']);

export const communicationDefaultsSchema = z.strictObject({
  envelope: z.strictObject({ name: z.literal('PacketEnvelope'), version: z.literal('2.0') }),
  transports: z.array(transportSchema).min(1),
  ports: z.strictObject({ base: z.number().int().min(1024).max(65535) }),
  route_prefix: z.strictObject({
    rule: z.literal('shared-first-segment'),
    builtin_routes: z
      .array(z.strictObject({ method: z.enum(['GET', 'POST']), path: z.string().regex(/^[a-z][a-z0-9-]*$/) }))
      .min(1),
  }),
  metrics_path: z.string().regex(/^\/[a-z0-9/-]*$/),
});

export const featureFlagSchema = z.strictObject({ default: z.boolean(), description: nonEmptyText });

export const FEATURE_FLAG_NAME = /^L9_ENABLE_[A-Z0-9]+(_[A-Z0-9]+)*$/;

export const limitsSchema = z.strictObject({
  max_schema_file_bytes: positiveInt,
  max_yaml_aliases: z.number().int().nonnegative(),
  max_payload_bytes: positiveInt,
});

export const moduleRoleSchema = z.enum([
  'controller',
  'governance-bridge',
  'memory-bridge',
  'world-model-bridge',
  'event-publisher',
  'event-subscriber',
  'api-server',
  'packet-handler',
  'packet-router',
  'packet-validator',
  'config-manager',
  'logger',
  'rate-limiter',
  'escalation-handler',
  'compliance-checker',
  'episodic-logger',
  'semantic-updater',
  'causal-tracer',
  'package-index',
]);

/** Lower-case file stem, optionally with `*` wildcards. */
const rolePattern = z.string().regex(/^[a-z0-9_*-]+$/, { message: 'a pattern is a lower-case file name without extension; * is the only wildcard' });

export const moduleRoleRuleSchema = z.strictObject({ role: moduleRoleSchema, patterns: z.array(rolePattern).min(1) });

export const codegenMetaSchema = z
  .strictObject({
    ...metaHeader('l9/meta-codegen'),
    memory: memoryDefaultsSchema,
    backend_urls: z.strictObject({ redis: nonEmptyText, postgres: nonEmptyText, neo4j: nonEmptyText }),
    governance: governanceDefaultsSchema,
    communication: communicationDefaultsSchema,
    feature_flags: z.record(z.string().regex(FEATURE_FLAG_NAME, { message: 'flag names look like L9_ENABLE_SOMETHING' }), featureFlagSchema),
    limits: limitsSchema,
    module_roles: z.array(moduleRoleRuleSchema).min(1),
  })
  .superRefine((meta, ctx) => {
    const patterns = meta.module_roles.flatMap((rule, r) => rule.patterns.map((pattern, p) => ({ pattern, path: ['module_roles', r, 'patterns', p] })));
    checkUnique(ctx, patterns.map((p) => p.pattern), (i) => patterns[i]!.path, 'module role pattern');
    checkUnique(ctx, meta.module_roles.map((rule) => rule.role), (i) => ['module_roles', i, 'role'], 'module role');
    if (Object.keys(meta.feature_flags).length === 0) addRuleIssue(ctx, ['feature_flags'], 'at least one feature flag is required');
  });

export type CodegenMeta = z.infer<typeof codegenMetaSchema>;
export type ModuleRole = z.infer<typeof moduleRoleSchema>;
export type MemoryBackend = z.infer<typeof backendSchema>;
