import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { hashEntry, type AuditEntry } from '../../../packages/runtime/src';
import type { Attack } from '../attack-result';
import type { AttackContext } from '../attack-context';
import { hasStackTrace, runtimeCli } from '../runtime-cli';
import {
  auditFiles,
  fileAgentEnvironment,
  lines,
  snapshot,
  writeAuditedPackets,
  type AuditFiles,
} from './audit-file-agent';

/** Written once, then each attack damages a fresh copy: 105 packets, so at least one checkpoint exists. */
const PACKETS = 105;
let prepared: Promise<AuditFiles> | undefined;

function preparedLog(context: AttackContext): Promise<AuditFiles> {
  prepared ??= (async () => {
    const files = auditFiles(context, 'tampering');
    const accepted = await writeAuditedPackets(context, files, PACKETS);
    if (accepted !== PACKETS)
      throw new Error(`only ${accepted} of ${PACKETS} packets were accepted by the file-audited agent`);
    return files;
  })();
  return prepared;
}

/** `l9-runtime audit verify` on the files, with the agent's keys. */
function verify(context: AttackContext, files: AuditFiles): { code: number | null; output: string } {
  return runtimeCli(['audit', 'verify', '--file', files.log], {
    L9_AUDIT_KEY: context.secrets['L9_AUDIT_KEY'],
    L9_AUDIT_SIGNING_KEY: context.secrets['L9_AUDIT_SIGNING_KEY'],
  });
}

/** Damages the prepared log, then checks the verifier and a restart both refuse it; the log is restored afterwards. */
async function tamperAndCheck(
  context: AttackContext,
  damage: (files: AuditFiles) => void,
): Promise<{ held: boolean; observed: string }> {
  const files = await preparedLog(context);
  const restore = snapshot(files);
  try {
    damage(files);
    const verdict = verify(context, files);
    const restart = await context.trial(fileAgentEnvironment(context, files));
    if (restart.agent) await restart.agent.stop();
    const problem =
      verdict.output
        .split('\n')
        .find((line) => /^\s+seq /.test(line))
        ?.trim() ??
      verdict.output.trim().split('\n').pop() ??
      '';
    const refusal = restart.output.trim().split('\n').pop() ?? '';
    return {
      held:
        verdict.code === 1 && !hasStackTrace(verdict.output) && !restart.started && restart.exitCode !== 0,
      observed: `verify exit ${verdict.code} (${problem}); restart ${restart.started ? 'STARTED and would extend the log' : `refused: ${refusal}`}`,
    };
  } finally {
    restore();
  }
}

/** Rewrites entries from `from` on with the HMAC key, as someone holding it would after an edit. */
function rechain(entries: AuditEntry[], from: number, key: string): AuditEntry[] {
  let previous = entries[from - 1];
  return entries.map((entry, index) => {
    if (index < from) return entry;
    const linked = { ...entry, prev_hash: previous ? previous.hash : entry.prev_hash };
    const rehashed = { ...linked, hash: hashEntry(linked, key) };
    previous = rehashed;
    return rehashed;
  });
}

export const auditAttacks: Attack<AttackContext>[] = [
  {
    area: 'audit',
    name: 'L9_AUDIT_KEY set to the packet secret every peer holds',
    expected: 'the agent refuses to start, saying why',
    async run(context) {
      const trial = await context.trial(
        context.environment({ L9_PORT: '0', L9_AUDIT_KEY: context.secrets['L9_PACKET_SECRET'] }),
      );
      if (trial.agent) await trial.agent.stop();
      const said = trial.output.includes('L9_AUDIT_KEY');
      return {
        held: !trial.started && trial.exitCode !== 0 && said,
        observed: trial.started
          ? 'started'
          : `exit ${trial.exitCode}: ${trial.output.trim().split('\n').pop() ?? ''}`,
      };
    },
  },
  {
    area: 'audit',
    name: 'a persisted log without L9_AUDIT_KEY',
    expected: 'the agent refuses to start, saying why',
    async run(context) {
      const files = auditFiles(context, 'keyless');
      const trial = await context.trial({ ...fileAgentEnvironment(context, files), L9_AUDIT_KEY: '' });
      if (trial.agent) await trial.agent.stop();
      return {
        held: !trial.started && trial.output.includes('L9_AUDIT_KEY'),
        observed: trial.started
          ? 'started'
          : `exit ${trial.exitCode}: ${trial.output.trim().split('\n').pop() ?? ''}`,
      };
    },
  },
  {
    area: 'audit',
    name: 'the last 3 entries cut from the log file',
    expected: 'verifier reports it; the agent refuses to extend the cut log',
    run: (context) =>
      tamperAndCheck(context, (files) =>
        writeFileSync(files.log, `${lines(files.log).slice(0, -3).join('\n')}\n`),
      ),
  },
  {
    area: 'audit',
    name: 'the checkpoints file deleted',
    expected: 'verifier reports it; the agent refuses',
    run: (context) => tamperAndCheck(context, (files) => rmSync(files.checkpoints, { force: true })),
  },
  {
    area: 'audit',
    name: 'an entry edited and the chain re-computed with the known HMAC key',
    expected: 'the signed head no longer matches: verifier and agent refuse',
    run: (context) =>
      tamperAndCheck(context, (files) => {
        const entries = lines(files.log).map((line) => JSON.parse(line) as AuditEntry);
        const edited = entries.map((entry, index) =>
          index === 10 ? { ...entry, subject: 'rewritten-history' } : entry,
        );
        const rechained = rechain(edited, 10, context.secrets['L9_AUDIT_KEY']!);
        writeFileSync(files.log, `${rechained.map((entry) => JSON.stringify(entry)).join('\n')}\n`);
      }),
  },
  {
    area: 'audit',
    name: 'a half-written last line (torn write), then the documented repair',
    expected: 'verifier reports a torn line without a stack trace; repair makes it verify',
    async run(context) {
      const files = await preparedLog(context);
      const restore = snapshot(files);
      try {
        appendFileSync(files.log, '{"seq":106,"at":"2026-');
        const torn = verify(context, files);
        const repair = runtimeCli(['audit', 'repair', '--file', files.log], {
          L9_AUDIT_KEY: context.secrets['L9_AUDIT_KEY'],
          L9_AUDIT_SIGNING_KEY: context.secrets['L9_AUDIT_SIGNING_KEY'],
        });
        const after = verify(context, files);
        const reported = /torn/i.test(torn.output);
        return {
          held:
            torn.code === 1 &&
            reported &&
            !hasStackTrace(torn.output) &&
            repair.code === 0 &&
            after.code === 0,
          observed: `verify exit ${torn.code}${reported ? ' (torn line reported)' : ''}${hasStackTrace(torn.output) ? ' WITH A STACK TRACE' : ''}; repair exit ${repair.code}; verify after repair exit ${after.code}`,
        };
      } finally {
        restore();
      }
    },
  },
];
