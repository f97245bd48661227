import type { FastifyBaseLogger } from 'fastify';
import { endpointValidator } from '../contract/endpoint-validator';
import { refuseOffContractRequest, refuseOffContractResponse } from './endpoint-contract-check';
import type { EndpointDefinition } from './server-options';

const contract = {
  name: 'plan_route',
  path: '/courier/v1/route',
  method: 'POST' as const,
  timeout_ms: 100,
  operation: 'planner',
  request: {
    type: 'object',
    required: ['stops'],
    properties: {
      stops: {
        type: 'array',
        items: {
          type: 'object',
          required: ['lat', 'lng'],
          properties: { lat: { type: 'number' }, lng: { type: 'number' } },
        },
      },
    },
  },
  response: {
    type: 'object',
    required: ['eta_minutes'],
    properties: { eta_minutes: { type: 'integer', minimum: 0 } },
  },
};
const endpoint: EndpointDefinition<unknown> = {
  ...contract,
  validator: endpointValidator(contract),
  handler: () => ({}),
};

describe('endpoint contract checks', () => {
  it('answers 400 invalid_payload with the JSON Pointer of each bad field', () => {
    const outcome = refuseOffContractRequest(endpoint, { stops: [{ lat: 1, lng: 2 }, { lat: 'north' }] });
    expect(outcome).toEqual({
      statusCode: 400,
      body: {
        error: 'invalid_payload',
        message: 'payload of plan_route is invalid: /stops/1/lng: is required; /stops/1/lat: must be number',
        issues: [
          { path: '/stops/1/lng', message: 'is required' },
          { path: '/stops/1/lat', message: 'must be number' },
        ],
      },
    });
    expect(refuseOffContractRequest(endpoint, { stops: [] })).toBeUndefined();
  });

  it('answers 500 response_contract_violation and logs the path at fault', () => {
    const log = { error: jest.fn() } as unknown as FastifyBaseLogger;
    const outcome = refuseOffContractResponse(endpoint, { eta_minutes: -3 }, log);
    expect(outcome?.statusCode).toBe(500);
    expect(outcome?.body).toMatchObject({ error: 'response_contract_violation' });
    expect(log.error).toHaveBeenCalledWith(
      { endpoint: 'plan_route', issues: [{ path: '/eta_minutes', message: 'must be >= 0' }] },
      'plan_route answered outside its response schema: /eta_minutes: must be >= 0',
    );
    expect(refuseOffContractResponse(endpoint, { eta_minutes: 12 }, log)).toBeUndefined();
  });

  it('lets every call through for an endpoint without a validator', () => {
    const open: EndpointDefinition<unknown> = {
      name: 'open',
      path: '/courier/v1/open',
      method: 'POST',
      timeout_ms: 100,
      handler: () => ({}),
    };
    expect(refuseOffContractRequest(open, 'anything')).toBeUndefined();
    expect(
      refuseOffContractResponse(open, 42, { error: jest.fn() } as unknown as FastifyBaseLogger),
    ).toBeUndefined();
  });
});
