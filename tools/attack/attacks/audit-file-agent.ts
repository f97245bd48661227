import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentProcess } from '../agent-process';
import type { AttackContext } from '../attack-context';
import { sendPacketTo } from './agent-requests';

/** The files of an audit log kept in a file: entries, checkpoints and the latest signed head (kept apart). */
export interface AuditFiles {
  log: string;
  checkpoints: string;
  head: string;
}

export function auditFiles(context: AttackContext, name: string): AuditFiles {
  const log = join(context.workDir, `${name}.audit.jsonl`);
  return { log, checkpoints: `${log}.checkpoints`, head: `${log}.head` };
}

/** The environment of an agent whose only persistent store is its audit file. */
export function fileAgentEnvironment(context: AttackContext, files: AuditFiles): NodeJS.ProcessEnv {
  return {
    ...context.environment({ L9_PORT: '0', L9_AUDIT_FILE: files.log }),
    L9_POSTGRES_URL: '',
    L9_REDIS_URL: '',
  };
}

/** Starts an agent whose only persistent store is its audit file; throws, with its last line of output, when it does not start. */
export async function startFileAgent(context: AttackContext, files: AuditFiles): Promise<AgentProcess> {
  const trial = await context.trial(fileAgentEnvironment(context, files));
  if (!trial.agent)
    throw new Error(`the file-audited agent did not start: ${trial.output.trim().split('\n').pop() ?? ''}`);
  return trial.agent;
}

/** Starts a file-audited agent, sends `packets` calm packets through it and stops it in order. */
export async function writeAuditedPackets(
  context: AttackContext,
  files: AuditFiles,
  packets: number,
): Promise<number> {
  const trial = await context.trial(fileAgentEnvironment(context, files));
  if (!trial.agent)
    throw new Error(`the file-audited agent did not start: ${trial.output.trim().split('\n').pop() ?? ''}`);
  let accepted = 0;
  try {
    for (let i = 0; i < packets; i += 1) {
      if ((await sendPacketTo(trial.agent.url, context.packet({ audited: i }))).status === 200) accepted += 1;
    }
  } finally {
    await trial.agent.stop();
  }
  return accepted;
}

/** Keeps a copy of the files so one attack's damage does not leak into the next. */
export function snapshot(files: AuditFiles): () => void {
  const saved = Object.values(files)
    .filter((path) => existsSync(path))
    .map((path) => ({ path, text: readFileSync(path) }));
  return () => {
    for (const { path, text } of saved) writeFileSync(path, text);
  };
}

export function lines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}
