import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detailFileName, integrationReport, type MatrixRun } from './matrix-result';

const ALL_SETS = ['embedded', 'redis+postgres'] as const;

/**
 * Writes a whole matrix's results under `<ecosystemRoot>/.l9/`: `integration-<set>.json` per run (a set that
 * did not run loses its old file) and `integration.json`, what the evidence report's integration gate reads.
 * Says how many pairs passed; true when all did.
 */
export function writeIntegrationResults(
  ecosystemRoot: string,
  runs: readonly MatrixRun[],
  io: { stdout: (text: string) => void },
): boolean {
  const outDir = join(ecosystemRoot, '.l9');
  mkdirSync(outDir, { recursive: true });
  for (const set of ALL_SETS) rmSync(join(outDir, detailFileName(set)), { force: true });
  for (const run of runs)
    writeFileSync(join(outDir, detailFileName(run.backends)), `${JSON.stringify(run, null, 2)}\n`);
  const report = integrationReport(runs);
  writeFileSync(join(outDir, 'integration.json'), `${JSON.stringify(report, null, 2)}\n`);
  io.stdout(
    `integration: ${report.passed}/${report.total} pairs passed (${report.backends.join(', ')}); ${join(outDir, 'integration.json')}\n`,
  );
  return report.passed === report.total;
}
