import * as z from 'zod';
import { runAgentsInOneProcess, type HostedAgent } from './agents-in-one-process';

/** A member of the ecosystem the host entry was built for: its `createAgent`, under the plan's id and name. */
export interface HostMember {
  id: string;
  name: string;
  create: HostedAgent['create'];
}

export const AGENT_HOST_FORMAT = 'l9/agent-host@1';

/**
 * What the host entry reads on stdin: which members to run, in which order, each with its whole environment and
 * its project folder. On stdin, not in the process's own environment or a file: each agent's keys reach only
 * that agent and never touch the disk.
 */
const hostRequest = z
  .object({
    format: z.literal(AGENT_HOST_FORMAT),
    agents: z
      .array(
        z
          .object({
            id: z.string().min(1),
            root: z.string().min(1).optional(),
            env: z.record(z.string(), z.string()),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type AgentHostRequest = z.infer<typeof hostRequest>;

export class HostRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostRequestError';
  }
}

/** The agents a request asks for, each matched to its member; an unknown id or a malformed request is refused whole. */
export function hostedAgents(members: readonly HostMember[], text: string): HostedAgent[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HostRequestError(`the agents to run are not JSON (${(error as Error).message})`);
  }
  const parsed = hostRequest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HostRequestError(`the agents to run: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const seen = new Set<string>();
  return parsed.data.agents.map((wanted) => {
    const member = members.find((m) => m.id === wanted.id);
    if (!member)
      throw new HostRequestError(
        `the agents to run: no member '${wanted.id}' in this host (members: ${members.map((m) => m.id).join(', ')})`,
      );
    if (seen.has(wanted.id)) throw new HostRequestError(`the agents to run: '${wanted.id}' is listed twice`);
    seen.add(wanted.id);
    return {
      name: member.name,
      create: member.create,
      env: wanted.env,
      ...(wanted.root !== undefined ? { root: wanted.root } : {}),
    };
  });
}

function readAll(stream: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.once('error', reject);
  });
}

const USAGE = `a host entry reads the agents to run as JSON on stdin: {"format":"${AGENT_HOST_FORMAT}","agents":[{"id":"<agent id>","root":"<its project folder>","env":{"L9_PORT":"8000",...}}]}; deploy --host=one-process and the integration matrix write it`;

/**
 * The body of the host entry the ecosystem's bundle target writes (`.l9/bundle/host.js`): reads which members to
 * run from stdin and runs them in this one process (runAgentsInOneProcess). A request it cannot use is one line
 * on stderr and exit 2.
 */
export function runAgentHost(members: readonly HostMember[]): void {
  if (process.stdin.isTTY) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  readAll(process.stdin)
    .then((text) => runAgentsInOneProcess(hostedAgents(members, text)))
    .catch((error: Error) => {
      process.stderr.write(
        `${error instanceof HostRequestError ? error.message : `cannot read the agents to run: ${error.message}`}\n${USAGE}\n`,
      );
      process.exit(2);
    });
}
