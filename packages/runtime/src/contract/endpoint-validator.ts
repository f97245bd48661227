import type { ValidateFunction } from 'ajv';
import type { EndpointContract } from '../agent/endpoint-contract';
import { contractIssues, type ContractCheck } from './contract-issues';
import { compileEndpointSchema } from './schema-compiler';

/** Checks one endpoint's calls against its declared `request` and `response` schemas. */
export interface EndpointValidator {
  /**
   * The call's input (JSON body, or the query string of a GET/DELETE, whose text is converted to the declared
   * types in place). Always ok when the endpoint declares no request schema.
   */
  validateRequest(input: unknown): ContractCheck;
  /** What the endpoint's module answered. Always ok when the endpoint declares no response schema. */
  validateResponse(output: unknown): ContractCheck;
}

const OK: ContractCheck = { ok: true };
const compiled = new WeakMap<EndpointContract, EndpointValidator>();

function checker(validate: ValidateFunction | undefined): (value: unknown) => ContractCheck {
  if (!validate) return () => OK;
  return (value) => (validate(value) ? OK : { ok: false, issues: contractIssues(validate.errors) });
}

function compile(contract: EndpointContract, which: 'request' | 'response'): ValidateFunction | undefined {
  const schema = contract[which];
  if (!schema) return undefined;
  const coerceTypes = which === 'request' && (contract.method === 'GET' || contract.method === 'DELETE');
  try {
    return compileEndpointSchema(schema, { coerceTypes });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `endpoint ${contract.name}: its ${which} schema cannot be compiled (${reason}); fix it in the agent schema and regenerate`,
    );
  }
}

/**
 * The validator of one endpoint contract, compiled the first time it is asked for and shared afterwards, so the
 * HTTP route, A2A skills and MCP tools of an agent check every call with the same compiled schemas. Throws at
 * once, naming the endpoint, when a schema cannot be compiled, so an agent with a broken contract fails to start
 * instead of failing calls.
 */
export function endpointValidator(contract: EndpointContract): EndpointValidator {
  const known = compiled.get(contract);
  if (known) return known;
  const validator: EndpointValidator = {
    validateRequest: checker(compile(contract, 'request')),
    validateResponse: checker(compile(contract, 'response')),
  };
  compiled.set(contract, validator);
  return validator;
}
