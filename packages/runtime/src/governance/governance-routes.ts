import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { HttpOutcome } from '../server/error-body';
import { bearerToken } from '../server/request-header';
import { sendOutcome } from '../server/send-outcome';
import { ESCALATION_STATUSES, type EscalationStatus, type ResolutionAction } from './escalation-record';
import { MAX_ESCALATION_PAGE, type Governance } from './governance';
import { describeIssues, GovernanceError, type GovernanceErrorCode } from './governance-error';
import { withWorkDigest } from './held-work-digest';

const STATUS_BY_CODE: Record<GovernanceErrorCode, number> = {
  invalid_input: 400,
  missing_resolution: 401,
  malformed_resolution: 401,
  resolution_refused: 403,
  anchor_keys_not_configured: 403,
  override_disabled: 403,
  not_found: 404,
  already_resolved: 409,
  unavailable: 503,
};

const listQuerySchema = z
  .object({
    status: z.enum(ESCALATION_STATUSES as [EscalationStatus, ...EscalationStatus[]]).optional(),
    limit: z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(1, 'must be at least 1')
          .max(MAX_ESCALATION_PAGE, `must be at most ${MAX_ESCALATION_PAGE}`),
      )
      .optional(),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'must be the next_cursor of a previous page')
      .optional(),
  })
  .strict();

const resolutionBodySchema = z.object({ resolution: z.string().optional() }).strict();

export interface GovernanceRoutesOptions {
  /** First path segment, e.g. `tensoraios` → `/tensoraios/escalations`. Empty for no prefix. */
  prefix: string;
  /**
   * Who may read escalations (they carry the held work: payloads, envelopes, callers). Answers a refusal to send
   * as is, or nothing to let the read through. Without it reads are open (an agent on loopback without auth).
   */
  authorizeRead?: (request: FastifyRequest) => Promise<HttpOutcome | undefined>;
}

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof GovernanceError) {
    if (STATUS_BY_CODE[error.code] === 401) reply.header('www-authenticate', 'Bearer realm="l9-anchors"');
    return reply.code(STATUS_BY_CODE[error.code]).send({ error: error.code, message: error.message });
  }
  throw error;
}

/** The anchor's signed resolution, from the body (`{"resolution": "<jws>"}`) or `Authorization: Bearer <jws>`. */
function presentedResolution(request: FastifyRequest): string {
  const body = resolutionBodySchema.safeParse(request.body ?? {});
  // Any other body (an anchor's name typed in, say) carries no credential: refused as one, without saying more.
  if (!body.success)
    throw new GovernanceError(
      'missing_resolution',
      `no signed resolution: ${describeIssues('body', body.error.issues)}; send {"resolution": "<signed resolution>"} or Authorization: Bearer <signed resolution>`,
    );
  const bearer = bearerToken(request);
  const fromBody = body.data.resolution?.trim();
  if (fromBody && bearer && fromBody !== bearer)
    throw new GovernanceError(
      'invalid_input',
      'the body and the Authorization header carry different resolutions; send one',
    );
  return fromBody || bearer || '';
}

/**
 * Lets anchors see and answer escalations over HTTP:
 *   GET  /<prefix>/escalations?status=&limit=&cursor=   a page, oldest first, with `next_cursor` while more follow
 *   GET  /<prefix>/escalations/:id                       one escalation: status, resolution, held work and its outcome,
 *        and `work_digest` when it holds work (what an anchor's resolution must sign)
 *        (reads need what `authorizeRead` asks for: a caller token while packet auth is on)
 *   POST /<prefix>/escalations/:id/{approve,reject,override}
 *        the anchor's signed resolution as `{"resolution": "<jws>"}` or `Authorization: Bearer <jws>`;
 *        401 when missing or malformed, 403 when it does not verify for this escalation (no anchor is named),
 *        409 once resolved, 200 with the escalation as settled (approved work has run).
 */
export function registerGovernanceRoutes(
  app: FastifyInstance,
  governance: Governance,
  options: GovernanceRoutesOptions,
): void {
  const prefix = options.prefix.replace(/^\/+|\/+$/g, '');
  const base = prefix ? `/${prefix}/escalations` : '/escalations';

  app.get(base, async (request, reply) => {
    const refusal = await options.authorizeRead?.(request);
    if (refusal) return sendOutcome(reply, refusal);
    const query = listQuerySchema.safeParse(request.query);
    if (!query.success) {
      return sendError(
        reply,
        new GovernanceError('invalid_input', describeIssues('query', query.error.issues)),
      );
    }
    const page = await governance.page(query.data);
    return { escalations: page.records.map(withWorkDigest), next_cursor: page.next_cursor ?? null };
  });

  app.get<{ Params: { id: string } }>(`${base}/:id`, async (request, reply) => {
    const refusal = await options.authorizeRead?.(request);
    if (refusal) return sendOutcome(reply, refusal);
    try {
      return withWorkDigest(await governance.get(request.params.id));
    } catch (error) {
      return sendError(reply, error);
    }
  });

  for (const action of ['approve', 'reject', 'override'] as const satisfies readonly ResolutionAction[]) {
    app.post<{ Params: { id: string } }>(`${base}/:id/${action}`, async (request, reply) => {
      try {
        const { escalation, notifications } = await governance.resolve(
          request.params.id,
          action,
          presentedResolution(request),
        );
        return { escalation: withWorkDigest(escalation), notifications };
      } catch (error) {
        return sendError(reply, error);
      }
    });
  }
}
