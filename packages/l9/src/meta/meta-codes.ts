/**
 * Diagnostic codes for problems in the meta templates (`templates/meta/*.yaml`), with what each means.
 * Kept apart from the schema codes (`L9E…`) because a broken meta template is a problem of the workspace
 * configuration, not of the user's agent schemas.
 */
export const META_DIAGNOSTIC_CODES = {
  L9M001: 'meta template is missing or cannot be read',
  L9M002: 'meta template is not valid YAML',
  L9M003: 'meta template value has the wrong type, is missing, or is not a known key',
  L9M004: 'meta template must hold exactly one YAML document',
  L9M005: 'meta template values contradict each other or a fixed rule (counts, order, uniqueness)',
} as const;

export type MetaDiagnosticCode = keyof typeof META_DIAGNOSTIC_CODES;
