/**
 * `npm run attack`: starts the committed TensorAIOS agent on loopback with real backends (PostgreSQL behind a private
 * proxy, Redis, an audit key and signing key, anchor keys, packet auth required), runs the attacks and faults the
 * governance issue names against it, and prints a held/broken table. Exit code 1 when anything is broken.
 *
 * `L9_ATTACK_AREAS=audit,replay` runs only those areas.
 *
 * Services: L9_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test) and L9_REDIS_URL (default
 * redis://127.0.0.1:6379). Everything the run creates lives in its own schemas and stream keys and is removed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttackContext } from './attack-context';
import { attackTable, runAttacks, type Attack, type AttackRow } from './attack-result';
import { anchorAttacks } from './attacks/anchor-attacks';
import { auditAttacks } from './attacks/audit-attacks';
import { durabilityAttacks } from './attacks/durability-attacks';
import { failClosedAttacks } from './attacks/fail-closed-attacks';
import { heldWorkAttacks } from './attacks/held-work-attacks';
import { replayAttacks } from './attacks/replay-attacks';
import { waitingAttacks } from './attacks/waiting-attacks';

// The order matters only for speed and isolation: faults that restart or cut the agent's backends come last.
const ATTACKS: readonly Attack<AttackContext>[] = [
  ...anchorAttacks,
  ...failClosedAttacks,
  ...waitingAttacks,
  ...replayAttacks,
  ...heldWorkAttacks,
  ...durabilityAttacks,
  ...auditAttacks,
];

async function main(): Promise<number> {
  const services = {
    postgres: process.env['L9_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test',
    redis: process.env['L9_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  };
  const areas = (process.env['L9_ATTACK_AREAS'] ?? '')
    .split(',')
    .map((area) => area.trim())
    .filter(Boolean);
  const chosen = areas.length === 0 ? ATTACKS : ATTACKS.filter((attack) => areas.includes(attack.area));
  if (chosen.length === 0)
    throw new Error(
      `L9_ATTACK_AREAS names no area; the areas are: ${[...new Set(ATTACKS.map((attack) => attack.area))].join(', ')}`,
    );
  const context = await AttackContext.open(services);
  let rows: AttackRow[] = [];
  try {
    await context.start();
    process.stdout.write(
      `attacking ${context.url} (TensorAIOS, packet auth required, PostgreSQL + Redis, run ${context.runId})\n`,
    );
    rows = await runAttacks(chosen, context, (row) =>
      process.stdout.write(
        `  ${row.verdict === 'held' ? 'held  ' : 'BROKEN'} ${row.area}: ${row.name} — ${row.observed}\n`,
      ),
    );
  } finally {
    await context.close();
  }
  const table = attackTable(rows);
  const out = join(__dirname, '..', '..', 'dist', 'l9');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'attack.md'), `${table}\n`);
  process.stdout.write(`\n${table}\n\n(also in dist/l9/attack.md)\n`);
  return rows.some((row) => row.verdict === 'broken') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`attack run failed: ${error.message}\n`);
    process.exit(2);
  },
);
