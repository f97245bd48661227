/**
 * Keys the v6 material uses, per section. A key outside these sets is kept verbatim; one that is a near
 * miss of a known key (a typo such as `goverance`) gets a warning with a did-you-mean.
 */
export const TOP_LEVEL_KEYS = [
  'title',
  'purpose',
  'summary',
  'version',
  'created',
  'updated',
  'owner',
  'tags',
  'domain',
  'type',
  'productionready',
  'system',
  'module',
  'name',
  'role',
  'rootpath',
  'description',
  'depends_on',
  'integration',
  'governance',
  'memorytopology',
  'communicationstack',
  'reasoningengine',
  'collaborationnetwork',
  'learningsystem',
  'worldmodelintegration',
  'packetrouting',
  'reasoningpipeline',
  'cursorinstructions',
  'deployment',
  'governancefeedbackcycle',
  'metadata',
] as const;

export const SECTION_KEYS: Record<string, readonly string[]> = {
  system: ['system', 'module', 'name', 'role', 'rootpath'],
  depends_on: ['hard', 'soft'],
  integration: ['connectto', 'shareddomains'],
  governance: ['anchors', 'mode', 'humanoverride', 'escalationpolicy', 'auditscope', 'complianceauditor'],
  communicationstack: ['input', 'output', 'channels'],
  cursorinstructions: [
    'createifmissing',
    'generatefiles',
    'linkexisting',
    'generatedocs',
    'logging',
    'postgeneration',
  ],
  deployment: [
    'runtime',
    'environment',
    'apimode',
    'endpoints',
    'telemetry',
    'alerting',
    'healthcheck',
    'replicas',
  ],
};

export const MEMORY_LAYER_KEYS = [
  'workingmemory',
  'episodicmemory',
  'semanticmemory',
  'causalmemory',
  'longtermpersistence',
  'crossagentsharing',
] as const;

export const ENDPOINT_KEYS = [
  'name',
  'path',
  'method',
  'timeout_ms',
  'auth_required',
  'handler',
  'description',
  'request',
  'response',
] as const;
