import type { FastifyBaseLogger } from 'fastify';
import { describeIssues } from '../contract/contract-issues';
import { errorOutcome, type HttpOutcome } from './error-body';
import type { EndpointDefinition } from './server-options';

/**
 * A call whose input breaks the endpoint's `request` schema: 400 `invalid_payload`, naming each bad field by its
 * JSON Pointer (`/candidates/0/score: must be number`), before governance or any module sees it.
 */
export function refuseOffContractRequest(
  endpoint: EndpointDefinition<unknown>,
  input: unknown,
): HttpOutcome | undefined {
  if (!endpoint.validator) return undefined;
  const checked = endpoint.validator.validateRequest(input);
  if (checked.ok) return undefined;
  return errorOutcome(
    400,
    'invalid_payload',
    `payload of ${endpoint.name} is invalid: ${describeIssues(checked.issues)}`,
    { issues: checked.issues },
  );
}

/**
 * A module answer that breaks the endpoint's `response` schema never goes out: the caller gets 500
 * `response_contract_violation` and the agent's log gets the fields at fault, since the answer may hold data the
 * caller was not meant to see in that shape.
 */
export function refuseOffContractResponse(
  endpoint: EndpointDefinition<unknown>,
  result: unknown,
  log: FastifyBaseLogger,
): HttpOutcome | undefined {
  if (!endpoint.validator) return undefined;
  const checked = endpoint.validator.validateResponse(result);
  if (checked.ok) return undefined;
  log.error(
    { endpoint: endpoint.name, issues: checked.issues },
    `${endpoint.name} answered outside its response schema: ${describeIssues(checked.issues)}`,
  );
  return errorOutcome(
    500,
    'response_contract_violation',
    `${endpoint.name} produced an answer outside its declared response schema; the agent's log names the fields`,
  );
}
