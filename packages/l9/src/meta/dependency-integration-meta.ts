import * as z from 'zod';
import { transportSchema } from './codegen-meta';
import { addRuleIssue, checkUnique, metaHeader, nonEmptyText } from './shared-fields';

/** Model of `templates/meta/meta.dependency.integration.yaml`: edge meaning and the pair test contract. */

export const edgeKindSchema = z.strictObject({
  description: nonEmptyText,
  /** The Nx project-graph dependency type the plugin's createDependencies emits for this edge. */
  nx_dependency: z.enum(['static', 'implicit']),
  /** Whether a deployment starts the agent only after this dependency reports healthy. */
  wait_for_health: z.boolean(),
});

export const PAIR_EXPECTATION_IDS = ['audit-both-sides', 'episodic-record', 'lineage', 'trace-id', 'governance-escalation'] as const;

export const pairSendSchema = z.strictObject({
  transport: transportSchema,
  route: z.literal('packets'),
  expect_reply: z.enum(['response', 'ack']),
});

export const ENVELOPE_FIELDS = [
  'packet_id',
  'packet_type',
  'version',
  'timestamp',
  'source_agent',
  'destination_agent',
  'payload',
  'metadata',
  'lineage',
  'content_hash',
  'signature',
] as const;

export const memoryLayerSchema = z.enum(['working', 'episodic', 'semantic', 'causal']);

const httpStatus = z.number().int().min(400).max(599);

export const dependencyIntegrationMetaSchema = z
  .strictObject({
    ...metaHeader('l9/meta-dependency-integration'),
    edge_kinds: z.strictObject({ hard: edgeKindSchema, soft: edgeKindSchema }),
    undeclared_external: z.enum(['error', 'warning']),
    integration_matrix: z.strictObject({
      pairs: z.literal('all-ordered'),
      transports: z.array(transportSchema).min(1),
    }),
    pair_test: z.strictObject({
      name: nonEmptyText,
      sends: z.array(pairSendSchema).min(1),
      expectations: z.array(z.strictObject({ id: z.enum(PAIR_EXPECTATION_IDS), description: nonEmptyText })).min(1),
      escalation_flag: z.string().regex(/^[a-z][a-z0-9_-]*$/),
    }),
    communication_contract: z.strictObject({
      envelope_version: z.literal('2.0'),
      required_fields: z.array(z.enum(ENVELOPE_FIELDS)).min(1),
      required_metadata: z.array(z.enum(['trace_id', 'traceparent', 'priority', 'governance_flags'])),
      required_lineage: z.array(z.enum(['parent_ids', 'root_packet_id', 'generation'])),
      rejections: z.strictObject({
        invalid_envelope: httpStatus,
        unauthenticated: httpStatus,
        unknown_destination: httpStatus,
        payload_too_large: httpStatus,
        rate_limited: httpStatus,
      }),
    }),
    memory_contract: z.strictObject({
      required_layers: z.array(memoryLayerSchema).min(1),
      writes_per_packet: z.strictObject({ episodic: z.boolean(), causal: z.boolean(), semantic: z.boolean() }),
    }),
  })
  .superRefine((meta, ctx) => {
    const tokens = meta.pair_test.name.match(/\{[^}]*\}/g) ?? [];
    for (const token of tokens) {
      if (token !== '{source}' && token !== '{destination}') addRuleIssue(ctx, ['pair_test', 'name'], `${token} is not {source} or {destination}`);
    }
    const sentOver = meta.pair_test.sends.map((s) => s.transport);
    checkUnique(ctx, sentOver, (i) => ['pair_test', 'sends', i, 'transport'], 'transport');
    // Whether the plan accepts a soft edge depends on every agent's dependencies; a static Nx edge is re-read
    // only when its own agent.yaml changes, so it could outlive its acceptance and close a cycle in the task graph.
    if (meta.edge_kinds.soft.nx_dependency !== 'implicit') addRuleIssue(ctx, ['edge_kinds', 'soft', 'nx_dependency'], 'soft edges must be implicit: the locked plan decides each one from the whole ecosystem, and the plugin recomputes them on every graph computation');
    meta.integration_matrix.transports.forEach((transport, i) => {
      if (!sentOver.includes(transport)) addRuleIssue(ctx, ['integration_matrix', 'transports', i], `the pair test sends nothing over ${transport}`);
    });
    checkUnique(ctx, meta.pair_test.expectations.map((e) => e.id), (i) => ['pair_test', 'expectations', i, 'id'], 'expectation');
    checkUnique(ctx, meta.communication_contract.required_fields, (i) => ['communication_contract', 'required_fields', i], 'envelope field');
    checkUnique(ctx, meta.memory_contract.required_layers, (i) => ['memory_contract', 'required_layers', i], 'memory layer');
  });

export type DependencyIntegrationMeta = z.infer<typeof dependencyIntegrationMetaSchema>;
export type PairExpectationId = (typeof PAIR_EXPECTATION_IDS)[number];
export type EdgeKind = keyof DependencyIntegrationMeta['edge_kinds'];
