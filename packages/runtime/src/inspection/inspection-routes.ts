import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { AgentRuntime } from '../agent/agent-runtime';
import { AgentRequestError } from '../client';
import type { JsonObject } from '../envelope/envelope-schema';
import { agentTopic } from '../roles/agent-topic';
import { compliantSignals } from '../roles/compliant-signals';
import type { EventSubscriberRole } from '../roles/event-subscriber-role';
import { authenticateCaller } from '../server/endpoint-caller';
import { sendOutcome } from '../server/send-outcome';
import { inspectionSend, InspectionSendError } from './inspection-send';

/** Who consumes the agent's topic: one of its modules, the inbox inspection added, or nobody. */
export type StreamConsumer = 'module' | 'inspection-inbox' | 'none';

export interface InspectionRoutesOptions {
  /** The agent's route prefix: routes live under `/<prefix>/inspection`. */
  prefix: string;
  /** The subscriber of the agent's topic, if any, and where it comes from. */
  subscriber?: { role: EventSubscriberRole; origin: Exclude<StreamConsumer, 'none'> };
}

const MAX_ENTRIES = 200;

const auditQuery = z
  .object({ subject: z.string().min(1).optional(), trace_id: z.string().min(1).optional() })
  .strict();
const episodeQuery = z
  .object({
    packet_id: z.string().min(1).optional(),
    trace_id: z.string().min(1).optional(),
    kind: z.string().min(1).optional(),
  })
  .strict();
const sendBody = z
  .object({
    to: z.string().min(1),
    route_prefix: z
      .string()
      .regex(/^[A-Za-z0-9._~-]+$/)
      .optional(),
    via: z.enum(['rest', 'stream']),
    packet_type: z.string().min(1),
    payload: z.record(z.string(), z.unknown()),
    governance_flags: z.array(z.string().min(1)).optional(),
  })
  .strict();

function invalid(where: string, error: z.ZodError): { error: string; message: string } {
  const issue = error.issues[0];
  return {
    error: 'invalid_input',
    message: `${where}: ${issue?.path.join('.') || where}: ${issue?.message ?? 'invalid'}`,
  };
}

/**
 * Read-only views of an agent's own records and a way to make it send, for integration runs. Registered
 * only when the agent runs with `L9_ENABLE_INSPECTION=true` (see serveAgent): never on by default, because
 * `send` lets the caller speak as the agent; with packet auth on, every route also takes a caller token.
 *
 * - `GET  /<prefix>/inspection`: identity, governance mode and escalation flags, who consumes its topic.
 * - `GET  /<prefix>/inspection/audit?subject=&trace_id=`: matching audit entries (newest 200) and whether the chain verifies.
 * - `GET  /<prefix>/inspection/episodes?packet_id=&trace_id=&kind=`: matching episodes.
 * - `POST /<prefix>/inspection/send`: `{to, route_prefix?, via: rest|stream, packet_type, payload, governance_flags?}`.
 */
export function registerInspectionRoutes(
  app: FastifyInstance,
  runtime: AgentRuntime,
  options: InspectionRoutesOptions,
): void {
  const base = `/${options.prefix}/inspection`;
  const callerContext = { identity: runtime.identity, settings: runtime.config, now: Date.now };
  // `send` speaks as the agent and the views show its records: with packet auth on, every route takes a caller token.
  const authorized = {
    async preHandler(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      const caller = await authenticateCaller(request, callerContext, `${request.method} ${base}`);
      if ('statusCode' in caller) await sendOutcome(reply, caller);
    },
  };

  app.get(base, authorized, async () => ({
    agent: runtime.identity.id,
    name: runtime.identity.name,
    // calm_signals: what a probe carries so that it meets no rule and leaves no signal out (governance fails closed).
    governance: {
      mode: runtime.governance.policy.mode,
      escalation_flags: runtime.governance.policy.escalation_flags,
      calm_signals: compliantSignals(runtime.governance.policy.rules),
    },
    stream: {
      topic: agentTopic(runtime.identity.id),
      consumer: options.subscriber?.origin ?? 'none',
      handled: options.subscriber?.role.stats() ?? null,
    },
  }));

  app.get(`${base}/audit`, authorized, async (request, reply) => {
    const query = auditQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(invalid('query', query.error));
    const { subject, trace_id } = query.data;
    const all = await runtime.audit.entries();
    const matching = all.filter((entry) => {
      if (subject !== undefined && entry.subject !== subject) return false;
      const data = entry.data as JsonObject | null;
      if (
        trace_id !== undefined &&
        (typeof data !== 'object' || data === null || Array.isArray(data) || data['trace_id'] !== trace_id)
      )
        return false;
      return true;
    });
    const verification = await runtime.audit.verify();
    return {
      entries: matching.slice(-MAX_ENTRIES),
      chain_ok: verification.ok,
      head_seq: verification.headSeq,
    };
  });

  app.get(`${base}/episodes`, authorized, async (request, reply) => {
    const query = episodeQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(invalid('query', query.error));
    const episodes = await runtime.memory.episodic.query({
      agent: runtime.identity.id,
      ...query.data,
      limit: MAX_ENTRIES,
    });
    return { episodes };
  });

  app.post(`${base}/send`, authorized, async (request, reply) => {
    const body = sendBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send(invalid('body', body.error));
    try {
      return await inspectionSend(runtime, { ...body.data, payload: body.data.payload as JsonObject });
    } catch (error) {
      if (error instanceof InspectionSendError)
        return reply.code(400).send({ error: 'unknown_peer', message: error.message });
      if (error instanceof AgentRequestError)
        return reply.code(502).send({ error: 'peer_failed', message: error.message });
      throw error;
    }
  });
}
