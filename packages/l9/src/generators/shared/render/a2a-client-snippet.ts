import type { EndpointSpec } from '../../../schema';
import type { AgentRenderContext } from './render-context';

/**
 * The agent's README section on A2A: a client built with the official `@a2a-js/sdk` that reads the agent's card
 * and sends `example` (a skill, named in `metadata.skill`) `exampleJson` as the message's data part; a caller
 * token goes as the `authorization` service parameter (an HTTP header on the JSON-RPC binding).
 */
export function a2aClientSection(ctx: AgentRenderContext, example: EndpointSpec | undefined, exampleJson: string): string[] {
  const base = `http://localhost:${ctx.planned.port}`;
  const skill = example ? `metadata: { skill: '${example.name}' }` : 'metadata: undefined';
  return [
    '### A2A (agents of other vendors)',
    '',
    `The Agent Card is at \`${base}/.well-known/agent-card.json\` (signed by the agent); each endpoint is a skill with the`,
    'endpoint\'s name. A message\'s data part is the skill\'s input and `metadata.skill` names the skill. With the official',
    'JavaScript SDK (`npm install @a2a-js/sdk`):',
    '',
    '```ts',
    "import { randomUUID } from 'node:crypto';",
    "import { Role } from '@a2a-js/sdk';",
    "import { ClientFactory } from '@a2a-js/sdk/client';",
    '',
    'const token = process.env.L9_CALLER_TOKEN;',
    `const client = await new ClientFactory().createFromUrl('${base}');`,
    'const answer = await client.sendMessage(',
    '  {',
    "    tenant: '',",
    '    configuration: undefined,',
    '    metadata: undefined,',
    '    message: {',
    "      messageId: randomUUID(), contextId: '', taskId: '', role: Role.ROLE_USER, extensions: [], referenceTaskIds: [],",
    `      parts: [{ content: { $case: 'data', value: ${exampleJson} }, metadata: undefined, filename: '', mediaType: 'application/json' }],`,
    `      ${skill},`,
    '    },',
    '  },',
    '  { serviceParameters: token ? { authorization: `Bearer ${token}` } : {} },',
    ');',
    'console.log(answer);',
    '```',
    '',
  ];
}
