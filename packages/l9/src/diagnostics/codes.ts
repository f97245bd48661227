/**
 * Every diagnostic code L9 emits while reading schemas, with what it means.
 * Codes are stable: tools and CI annotations may key on them.
 */
export const DIAGNOSTIC_CODES = {
  L9E001: 'file cannot be read',
  L9E002: 'file is larger than the ingest limit',
  L9E003: 'file is binary or not UTF-8 text',
  L9E004: 'file holds no schema',
  L9E010: 'YAML syntax error',
  L9E011: 'YAML aliases exceed the limit (possible alias bomb)',
  L9E012: 'duplicate key in a YAML mapping',
  L9E013: 'Markdown fence or front matter is not closed',
  L9E020: 'document is not an agent schema (no name)',
  L9E021: 'value has the wrong type or shape',
  L9E022: 'the same key is defined by two documents of one agent',
  L9E030: 'agent name cannot become a safe project folder and TypeScript identifier',
  L9E031: 'two agents share a name or project id',
  L9E032: 'two generated files of one agent map to the same module',
  L9E033: 'endpoint is invalid or declared twice',
  L9E034: 'endpoint handler names no domain module of the agent',
  L9E035: 'endpoint request or response is not a valid JSON Schema (draft 2020-12)',
  L9E040: 'dependency names no agent of the collection and is not in linkexisting',
  L9E041: 'hard dependencies form a cycle',
  L9E042: 'an agent depends on itself',
  L9E043: 'dependency edge is not of the form `A -> B (reason)` or `A ->> B (reason)`',
  L9W050: 'unknown key (close to a known one)',
  L9I051: 'soft dependency dropped because it would close a cycle',
  L9W052: 'dependency declared both hard and soft',
  L9I053: 'endpoint is a route the runtime serves itself',
  L9W054: 'escalation policy clause cannot be read (the agent would not apply it)',
  L9W055: 'endpoint is served by no domain module (the runtime only records and acknowledges its calls)',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/**
 * Diagnostic codes for problems in the meta templates (`meta/*.yaml` of the l9 package, or a workspace's copy in `templates/meta/`), with what each means.
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

/** Every code a diagnostic can carry: schema problems and meta template problems. */
export type AnyDiagnosticCode = DiagnosticCode | MetaDiagnosticCode;
