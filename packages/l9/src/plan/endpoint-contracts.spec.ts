import { planEcosystem } from './plan-ecosystem';
import { TEST_PLAN_OPTIONS } from '../testing/plan-options';

/** A courier dispatcher: nothing like TensorAIOS. Line numbers below count from `name:` on line 1. */
const courier = (
  endpoints: string,
  generatefiles = '[dispatch_controller.py, route_planner.py, parcel_tracker.py]',
) =>
  [
    'name: Courier Dispatch',
    'system: Courier',
    'cursorinstructions:',
    `  generatefiles: ${generatefiles}`,
    'deployment:',
    '  endpoints:',
    endpoints,
  ].join('\n') + '\n';

function ingest(content: string) {
  return planEcosystem([{ path: 'courier.yaml', content }], TEST_PLAN_OPTIONS);
}

const at = (d: { code: string; line: number; column: number }) => ({
  code: d.code,
  line: d.line,
  column: d.column,
});

describe('endpoint contracts in the agent schema', () => {
  it('keeps handler, description and schemas on the normalized endpoint, the handler as a module name', () => {
    const result = ingest(
      courier(
        [
          '    - name: plan_route',
          '      path: /courier/v1/route',
          '      method: POST',
          '      handler: route_planner.py',
          '      description: >',
          '        Orders the stops of',
          '        one van.',
          '      request: { type: object, required: [stops], properties: { stops: { type: array, items: { type: string } } } }',
          '      response: { type: object, properties: { eta_minutes: { type: integer } } }',
          '    - { name: parcel_status, path: /courier/v1/parcel, method: GET, handler: parcel-tracker }',
          '    - { name: ping, path: /courier/v1/ping, method: GET, handler: null }',
        ].join('\n'),
      ),
    );
    expect(result.diagnostics).toEqual([]);
    const [route, status, ping] = result.ecosystem.agents[0]!.endpoints;
    expect(route).toEqual({
      name: 'plan_route',
      path: '/courier/v1/route',
      method: 'POST',
      timeout_ms: 1000,
      handler: 'route-planner',
      description: 'Orders the stops of one van.',
      request: {
        type: 'object',
        required: ['stops'],
        properties: { stops: { type: 'array', items: { type: 'string' } } },
      },
      response: { type: 'object', properties: { eta_minutes: { type: 'integer' } } },
    });
    expect(status!.handler).toBe('parcel-tracker');
    expect(ping!.handler).toBeNull();
  });

  it('reports a handler that names no generatefiles entry at the handler, with a did-you-mean', () => {
    const result = ingest(
      courier('    - { name: plan_route, path: /courier/v1/route, method: POST, handler: route_planer.py }'),
    );
    const found = result.diagnostics.find((d) => d.code === 'L9E034')!;
    expect(at(found)).toEqual({ code: 'L9E034', line: 7, column: 75 });
    expect(found.severity).toBe('error');
    expect(found.message).toBe(
      "handler 'route_planer.py' of endpoint 'plan_route' names no generatefiles entry of the agent",
    );
    expect(found.hint).toBe("did you mean 'route_planner.py'?");
    expect(result.plan).toBeNull();
  });

  it('refuses a handler that is an infrastructure module, which the operation registry does not hold', () => {
    const result = ingest(
      courier(
        '    - { name: plan_route, path: /courier/v1/route, method: POST, handler: dispatch_controller.py }',
      ),
    );
    const found = result.diagnostics.find((d) => d.code === 'L9E034')!;
    expect(found.message).toContain("is the agent's infrastructure module");
    expect(found.hint).toBe('domain modules: route_planner.py, parcel_tracker.py');
  });

  it('reports a schema that breaks the JSON Schema meta-schema at the offending keyword', () => {
    const result = ingest(
      courier(
        [
          '    - name: plan_route',
          '      path: /courier/v1/route',
          '      method: POST',
          '      request:',
          '        type: object',
          '        properties:',
          '          stops:',
          '            type: array',
          '            items: { type: coordinates }',
        ].join('\n'),
      ),
    );
    const found = result.diagnostics.find((d) => d.code === 'L9E035')!;
    expect(at(found)).toEqual({ code: 'L9E035', line: 15, column: 28 });
    expect(found.message).toBe(
      "request schema of endpoint 'plan_route': /properties/stops/items/type must be equal to one of the allowed values",
    );
    expect(found.hint).toContain('"object"');
    expect(result.plan).toBeNull();
  });

  it('reports a wrongly typed keyword, another draft and a $ref that points nowhere, each where it is written', () => {
    const result = ingest(
      courier(
        [
          '    - { name: a_route, path: /courier/v1/a, method: POST, response: { type: object, required: stops } }',
          "    - { name: b_route, path: /courier/v1/b, method: POST, request: { $schema: 'http://json-schema.org/draft-07/schema#' } }",
          "    - { name: c_route, path: /courier/v1/c, method: POST, request: { type: object, properties: { van: { $ref: '#/$defs/van' } } } }",
          '    - { name: d_route, path: /courier/v1/d, method: POST, request: { type: array } }',
        ].join('\n'),
      ),
    );
    const errors = result.diagnostics.filter((d) => d.code === 'L9E035');
    expect(errors.map(at)).toEqual([
      { code: 'L9E035', line: 7, column: 95 },
      { code: 'L9E035', line: 8, column: 79 },
      { code: 'L9E035', line: 9, column: 111 },
      { code: 'L9E035', line: 10, column: 76 },
    ]);
    expect(errors[0]!.message).toBe("response schema of endpoint 'a_route': /required must be array");
    expect(errors[1]!.message).toContain('endpoints are read as JSON Schema draft 2020-12');
    expect(errors[2]!.message).toContain("can't resolve reference #/$defs/van");
    expect(errors[3]!.message).toContain('declares type "array", but a call\'s input is a JSON object');
  });

  it('warns about an endpoint that no domain module serves, at its name, and not when handler: null says so', () => {
    const result = ingest(
      courier(
        [
          '    - { name: weather_report, path: /courier/v1/weather, method: GET }',
          '    - { name: uptime, path: /courier/v1/uptime, method: GET, handler: null }',
        ].join('\n'),
      ),
    );
    expect(result.diagnostics.map(at)).toEqual([{ code: 'L9W055', line: 7, column: 15 }]);
    expect(result.diagnostics[0]!.severity).toBe('warning');
    expect(result.diagnostics[0]!.hint).toContain('handler: null');
    expect(result.plan).not.toBeNull();
  });

  it('stops generation on that warning in strict mode', () => {
    const result = planEcosystem(
      [
        {
          path: 'courier.yaml',
          content: courier('    - { name: weather_report, path: /courier/v1/weather, method: GET }'),
        },
      ],
      { ...TEST_PLAN_OPTIONS, strict: true },
    );
    expect(result.plan).toBeNull();
  });
});
