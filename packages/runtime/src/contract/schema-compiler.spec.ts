import { compileEndpointSchema } from './schema-compiler';

const options = { coerceTypes: false };

describe('compileEndpointSchema: formats and the format limit keywords, as ajv-formats adds them', () => {
  it('checks formats such as date-time, email and uuid', () => {
    const validate = compileEndpointSchema(
      {
        type: 'object',
        properties: {
          at: { type: 'string', format: 'date-time' },
          to: { type: 'string', format: 'email' },
          id: { type: 'string', format: 'uuid' },
        },
      },
      options,
    );
    expect(
      validate({
        at: '2026-12-06T09:00:00Z',
        to: 'desk@example.com',
        id: '0b6c4c2e-7d1a-4a43-9d1e-2f0f8e1b9c11',
      }),
    ).toBe(true);
    expect(validate({ at: 'yesterday' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/at', keyword: 'format' });
    expect(validate({ to: 'not an address' })).toBe(false);
  });

  it('refuses a schema naming formatMinimum and the like, whose checks ajv-formats could not run under this ajv', () => {
    expect(() =>
      compileEndpointSchema(
        {
          type: 'object',
          properties: { day: { type: 'string', format: 'date', formatExclusiveMaximum: '2027-01-01' } },
        },
        options,
      ),
    ).toThrow(
      'formatExclusiveMaximum is not supported; bound the value with a pattern or check it in the domain module',
    );
  });

  it('takes a property that is merely named formatMinimum', () => {
    const validate = compileEndpointSchema(
      { type: 'object', properties: { formatMinimum: { type: 'string', format: 'date' } } },
      options,
    );
    expect(validate({ formatMinimum: '2026-12-06' })).toBe(true);
    expect(validate({ formatMinimum: 'soon' })).toBe(false);
  });
});
