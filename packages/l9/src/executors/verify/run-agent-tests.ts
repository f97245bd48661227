import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface AgentTestRun {
  passed: number;
  total: number;
  failedTests: Array<{ file: string; title: string; message: string }>;
  /** Suites that did not run at all (a syntax or import error): their tests are not even counted. */
  brokenSuites: Array<{ file: string; message: string }>;
  lines: { covered: number; total: number };
  /** Jest's own output when it could not run at all. */
  crash?: string;
}

interface JestJson {
  numPassedTests: number;
  numTotalTests: number;
  testResults: Array<{ name: string; message: string; assertionResults: Array<{ status: string; fullName: string; failureMessages: string[] }> }>;
}

/**
 * Runs an agent's own Jest suite with coverage in a child process (so a crashing test cannot take the
 * executor down) and reads the integer counts the gates compare.
 */
export function runAgentTests(workspaceRoot: string, projectRoot: string): AgentTestRun {
  const outDir = join(workspaceRoot, projectRoot, '.l9');
  mkdirSync(outDir, { recursive: true });
  const resultsFile = join(outDir, 'jest-results.json');
  rmSync(resultsFile, { force: true });
  rmSync(join(workspaceRoot, projectRoot, 'coverage'), { recursive: true, force: true });
  const jest = require.resolve('jest/bin/jest', { paths: [workspaceRoot] });
  const run = spawnSync(process.execPath, [jest, '-c', join(projectRoot, 'jest.config.cjs'), '--coverage', '--coverageReporters=json-summary', '--json', `--outputFile=${resultsFile}`, '--ci', '--silent'], {
    cwd: workspaceRoot,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  let results: JestJson;
  try {
    results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestJson;
  } catch {
    return { passed: 0, total: 0, failedTests: [], brokenSuites: [], lines: { covered: 0, total: 0 }, crash: `${run.stdout ?? ''}${run.stderr ?? ''}`.slice(-4000) };
  }
  let lines = { covered: 0, total: 0 };
  try {
    const summary = JSON.parse(readFileSync(join(workspaceRoot, projectRoot, 'coverage', 'coverage-summary.json'), 'utf8')) as { total: { lines: { covered: number; total: number } } };
    lines = { covered: summary.total.lines.covered, total: summary.total.lines.total };
  } catch {
    lines = { covered: 0, total: 0 };
  }
  const failedTests = results.testResults.flatMap((suite) =>
    suite.assertionResults.filter((a) => a.status === 'failed').map((a) => ({ file: suite.name, title: a.fullName, message: (a.failureMessages[0] ?? '').split('\n')[0] ?? '' })),
  );
  const brokenSuites = results.testResults.filter((s) => s.assertionResults.length === 0 && s.message).map((s) => ({ file: s.name, message: s.message.split('\n').find((l) => l.trim()) ?? s.message }));
  return { passed: results.numPassedTests, total: results.numTotalTests, failedTests, brokenSuites, lines };
}
