import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { JSON_SCHEMA_OPTIONS } from './check-json-schema';
import { validateDraft2020Schema } from './draft-2020-12-validator.generated';
import {
  draft2020ValidatorSource,
  GENERATED_VALIDATOR_FILE,
  REGENERATE_COMMAND,
} from './draft-2020-12-validator-test-support';

describe('the precompiled draft 2020-12 meta-schema validator', () => {
  it(`is what the installed ajv generates (after an ajv upgrade: ${REGENERATE_COMMAND})`, () => {
    expect(readFileSync(GENERATED_VALIDATOR_FILE, 'utf8') === draft2020ValidatorSource()).toBe(true);
  });

  it('accepts and rejects what ajv checking against the meta-schema does, with the same errors', () => {
    const ajv = new Ajv2020(JSON_SCHEMA_OPTIONS);
    const schemas: unknown[] = [
      {
        type: 'object',
        required: ['metric'],
        properties: {
          metric: { type: 'string' },
          readings: { type: 'array', items: { type: 'number' }, minItems: 1 },
        },
      },
      { type: 'object', properties: { n: { type: 'integer', minimum: 'zero' } } },
      { type: 'strang' },
      { anyOf: [{ type: 'string' }, { required: 'name' }] },
      {
        $defs: { item: { type: 'string' } },
        properties: { item: { $ref: '#/$defs/item' } },
        additionalProperties: 5,
      },
      {
        $dynamicAnchor: 'node',
        type: 'object',
        properties: { children: { type: 'array', items: { $dynamicRef: '#node' } } },
      },
    ];
    for (const schema of schemas) {
      const expected = ajv.validateSchema(schema as object);
      const errors = ajv.errors ?? null;
      expect(validateDraft2020Schema(schema)).toBe(expected);
      expect((validateDraft2020Schema as { errors?: unknown }).errors ?? null).toEqual(errors);
    }
  });
});
