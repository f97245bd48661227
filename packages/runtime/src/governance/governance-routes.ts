import type { FastifyInstance, FastifyReply } from 'fastify';
import * as z from 'zod';
import type { ResolutionAction } from './escalation-record';
import type { Governance } from './governance';
import { describeIssues, GovernanceError, type GovernanceErrorCode } from './governance-error';

const STATUS_BY_CODE: Record<GovernanceErrorCode, number> = {
  invalid_input: 400,
  not_an_anchor: 403,
  override_disabled: 403,
  not_found: 404,
  already_resolved: 409,
};

const listQuerySchema = z.object({ status: z.enum(['paused', 'approved', 'rejected', 'overridden']).optional() });
const resolutionBodySchema = z
  .object({ anchor: z.string().min(1), reason: z.string().min(1), value: z.unknown().optional() })
  .strict();

export interface GovernanceRoutesOptions {
  /** First path segment, e.g. `tensoraios` → `/tensoraios/escalations`. Empty for no prefix. */
  prefix: string;
}

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof GovernanceError) {
    return reply.code(STATUS_BY_CODE[error.code]).send({ error: error.code, message: error.message });
  }
  throw error;
}

/** Lets anchors see and answer escalations over HTTP. */
export function registerGovernanceRoutes(
  app: FastifyInstance,
  governance: Governance,
  options: GovernanceRoutesOptions,
): void {
  const prefix = options.prefix.replace(/^\/+|\/+$/g, '');
  const base = prefix ? `/${prefix}/escalations` : '/escalations';

  app.get(base, async (request, reply) => {
    const query = listQuerySchema.safeParse(request.query);
    if (!query.success) {
      return sendError(reply, new GovernanceError('invalid_input', describeIssues('query', query.error.issues)));
    }
    return { escalations: await governance.list(query.data) };
  });

  app.get<{ Params: { id: string } }>(`${base}/:id`, async (request, reply) => {
    try {
      return await governance.get(request.params.id);
    } catch (error) {
      return sendError(reply, error);
    }
  });

  for (const action of ['approve', 'reject', 'override'] as const satisfies readonly ResolutionAction[]) {
    app.post<{ Params: { id: string } }>(`${base}/:id/${action}`, async (request, reply) => {
      const body = resolutionBodySchema.safeParse(request.body ?? {});
      if (!body.success) {
        return sendError(reply, new GovernanceError('invalid_input', describeIssues('body', body.error.issues)));
      }
      try {
        const { escalation, notifications } = await governance.resolve(request.params.id, action, body.data);
        return { escalation, notifications };
      } catch (error) {
        return sendError(reply, error);
      }
    });
  }
}
