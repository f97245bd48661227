import { AgentCard, type AgentSkill, type SecurityRequirement, type SecurityScheme } from '@a2a-js/sdk';
import type { EndpointContract } from '../agent/endpoint-contract';
import type { AgentIdentity } from '../server/server-options';
import { skillSchemasExtension } from './skill-schemas-extension';

/** The A2A protocol version the agent's JSON-RPC interface speaks (the SDK's). */
export const A2A_PROTOCOL_VERSION = '1.0';
/** Where the agent's A2A JSON-RPC interface is served, under its route prefix. */
export const a2aPath = (routePrefix: string): string => `/${routePrefix}/a2a`;
/** Where the public key that verifies the card's signature is published. */
export const JWKS_PATH = '/.well-known/jwks.json';

/** A skill's input is a data part (a JSON object); a message with only text is taken as `{ "text": … }`. */
export const INPUT_MODES = ['application/json', 'text/plain'];
/** A skill's result is one data part. */
export const OUTPUT_MODES = ['application/json'];

/** Names of the card's security schemes. */
export const CALLER_TOKEN_SCHEME = 'l9CallerToken';
export const endpointTokenScheme = (auth: string): string => `l9EndpointToken_${auth}`;

export interface AgentCardInput {
  identity: AgentIdentity;
  endpoints: readonly EndpointContract[];
  /** Absolute base URL clients reach the agent at, e.g. `http://127.0.0.1:8000` (no trailing slash). */
  baseUrl: string;
  /** Packet auth on: every call needs a caller token. */
  authRequired: boolean;
}

function requirement(schemes: string[]): SecurityRequirement {
  return { schemes: Object.fromEntries(schemes.map((scheme) => [scheme, { list: [] }])) };
}

function securitySchemes(input: AgentCardInput): Record<string, SecurityScheme> {
  const schemes: Record<string, SecurityScheme> = {};
  if (input.authRequired) {
    schemes[CALLER_TOKEN_SCHEME] = {
      scheme: {
        $case: 'httpAuthSecurityScheme',
        value: {
          scheme: 'Bearer',
          bearerFormat: 'JWT',
          description: `An L9 caller token for agent ${input.identity.id} (its subject is who calls); an operator holding the agent's packet secret issues one with \`l9-runtime token --caller <name> --agent ${input.identity.id}\``,
        },
      },
    };
  }
  for (const auth of new Set(input.endpoints.flatMap((endpoint) => (endpoint.auth ? [endpoint.auth] : [])))) {
    schemes[endpointTokenScheme(auth)] = {
      scheme: {
        $case: 'apiKeySecurityScheme',
        value: {
          location: 'header',
          name: 'L9-Endpoint-Token',
          description: `The ${auth} token the skills that declare it require`,
        },
      },
    };
  }
  return schemes;
}

function skillOf(endpoint: EndpointContract, input: AgentCardInput): AgentSkill {
  const required = [
    ...(input.authRequired ? [CALLER_TOKEN_SCHEME] : []),
    ...(endpoint.auth ? [endpointTokenScheme(endpoint.auth)] : []),
  ];
  return {
    id: endpoint.name,
    name: endpoint.name,
    description: endpoint.description ?? `${endpoint.method} ${endpoint.path} of ${input.identity.name}`,
    tags: [endpoint.method === 'GET' ? 'read' : 'write'],
    examples: [],
    inputModes: INPUT_MODES,
    outputModes: OUTPUT_MODES,
    securityRequirements: required.length > 0 ? [requirement(required)] : [],
  };
}

/**
 * The agent's Agent Card, unsigned, in the SDK's object form: one skill per declared endpoint (id = the endpoint's
 * name), its JSON-RPC interface, the caller token as its security scheme when packet auth is on (and the
 * `L9-Endpoint-Token` of endpoints that declare `auth_required`), and the skills' request and response JSON
 * Schemas in an extension (A2A skills have no schema field; extension params are covered by the signature).
 */
export function agentCardOf(input: AgentCardInput): AgentCard {
  const { identity } = input;
  const required = input.authRequired ? [requirement([CALLER_TOKEN_SCHEME])] : [];
  const extension = skillSchemasExtension(input.endpoints);
  return {
    name: identity.name,
    description: identity.description ?? `${identity.name}, an L9 agent`,
    supportedInterfaces: [
      {
        url: `${input.baseUrl}${a2aPath(identity.routePrefix)}`,
        protocolBinding: 'JSONRPC',
        tenant: '',
        protocolVersion: A2A_PROTOCOL_VERSION,
      },
    ],
    provider: {
      organization: identity.provider?.organization ?? 'L9',
      url: identity.provider?.url ?? input.baseUrl,
    },
    version: identity.version,
    capabilities: {
      streaming: true,
      pushNotifications: true,
      extendedAgentCard: false,
      extensions: extension ? [extension] : [],
    },
    securitySchemes: securitySchemes(input),
    securityRequirements: required,
    defaultInputModes: INPUT_MODES,
    defaultOutputModes: OUTPUT_MODES,
    skills: input.endpoints.map((endpoint) => skillOf(endpoint, input)),
    signatures: [],
  };
}

/** The card as JSON on the wire (A2A 1.0 ProtoJSON): what is served, signed and verified. */
export function agentCardJson(card: AgentCard): Record<string, unknown> {
  return AgentCard.toJSON(card) as Record<string, unknown>;
}
