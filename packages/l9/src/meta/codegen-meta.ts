import * as z from 'zod';
import { checkUnique, metaHeader, nonEmptyText, positiveInt } from './shared-fields';

/** Model of `meta.codegen.yaml`: the configuration every generated agent inherits. */

export const memoryDefaultsSchema = z.strictObject({
  working: z.strictObject({
    ttl_seconds: positiveInt,
    keyspace: nonEmptyText.refine((k) => k.includes('<id>'), {
      message: 'keyspace must contain <id>, the agent id',
    }),
  }),
  episodic: z.strictObject({ retention_days: positiveInt }),
});

export const governanceModeSchema = z.enum(['autonomous', 'supervised', 'hybrid']);

export const governanceDefaultsSchema = z.strictObject({
  anchors: z.array(nonEmptyText).min(1),
  mode: governanceModeSchema,
  human_override: z.boolean(),
});

export const communicationDefaultsSchema = z.strictObject({
  ports: z.strictObject({ base: z.number().int().min(1024).max(65535) }),
});

export const featureFlagSchema = z.strictObject({ default: z.boolean(), description: nonEmptyText });

export const FEATURE_FLAG_NAME = /^L9_ENABLE_[A-Z0-9]+(_[A-Z0-9]+)*$/;

export const limitsSchema = z.strictObject({
  max_schema_file_bytes: positiveInt,
  max_yaml_aliases: z.number().int().nonnegative(),
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
const rolePattern = z.string().regex(/^[a-z0-9_*-]+$/, {
  message: 'a pattern is a lower-case file name without extension; * is the only wildcard',
});

export const moduleRoleRuleSchema = z.strictObject({
  role: moduleRoleSchema,
  patterns: z.array(rolePattern).min(1),
});

export const codegenMetaSchema = z
  .strictObject({
    ...metaHeader('l9/meta-codegen'),
    memory: memoryDefaultsSchema,
    governance: governanceDefaultsSchema,
    communication: communicationDefaultsSchema,
    strict_mode: z.boolean(),
    feature_flags: z.record(
      z.string().regex(FEATURE_FLAG_NAME, { message: 'flag names look like L9_ENABLE_SOMETHING' }),
      featureFlagSchema,
    ),
    limits: limitsSchema,
    module_roles: z.array(moduleRoleRuleSchema).min(1),
  })
  .superRefine((meta, ctx) => {
    const patterns = meta.module_roles.flatMap((rule, r) =>
      rule.patterns.map((pattern, p) => ({ pattern, path: ['module_roles', r, 'patterns', p] })),
    );
    checkUnique(
      ctx,
      patterns.map((p) => p.pattern),
      (i) => patterns[i]!.path,
      'module role pattern',
    );
    checkUnique(
      ctx,
      meta.module_roles.map((rule) => rule.role),
      (i) => ['module_roles', i, 'role'],
      'module role',
    );
  });

export type CodegenMeta = z.infer<typeof codegenMetaSchema>;
export type ModuleRole = z.infer<typeof moduleRoleSchema>;
