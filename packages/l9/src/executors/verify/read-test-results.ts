import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { TEST_RESULTS_FILES } from '../../plugin/agent-targets';

export interface AgentTestRun {
  passed: number;
  total: number;
  failedTests: Array<{ file: string; title: string; message: string }>;
  /** Suites that did not run at all (a syntax or import error): their tests are not even counted. */
  brokenSuites: Array<{ file: string; message: string }>;
  lines: { covered: number; total: number };
  /** Why there are no counts to read, naming the file that is missing or unreadable. */
  missing?: { file: string; detail: string };
}

/** What the l9 Jest reporter (jest-results.cjs) writes: the part of Jest's JSON result the gates need. */
interface RecordedResults {
  numPassedTests: number;
  numTotalTests: number;
  testResults: Array<{
    name: string;
    message: string;
    assertionResults: Array<{ status: string; fullName: string; failureMessages: string[] }>;
  }>;
}

const [RESULTS_FILE, SUMMARY_FILE] = TEST_RESULTS_FILES;

function readJson<T>(workspaceRoot: string, file: string): T | { missing: { file: string; detail: string } } {
  try {
    return JSON.parse(readFileSync(join(workspaceRoot, file), 'utf8')) as T;
  } catch (error) {
    const absent = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const detail = absent
      ? 'no test results: the test target writes them (its jest.config.cjs names the l9/jest-results.cjs reporter and collects coverage; regenerate the agent if it does not)'
      : `not readable JSON (${(error as Error).message.split('\n')[0]}); run the test target again`;
    return { missing: { file, detail } };
  }
}

/** Jest's colour codes, and the heading it puts above every suite failure, which says nothing about the cause. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const SUITE_HEADING = /^\s*●\s*Test suite failed to run\s*$/;

/** The first line of a suite's failure message that says why it failed, without colour codes. */
function firstCause(message: string): string {
  const lines = message
    .replace(ANSI, '')
    .split('\n')
    .map((l) => l.trim());
  return lines.find((l) => l && !SUITE_HEADING.test(l)) ?? lines.find((l) => l) ?? message;
}

/**
 * A suite's file as the workspace names it: Jest reports absolute paths, which would put this machine's
 * folders into the reports and the signed evidence. One outside the workspace keeps its absolute path.
 */
function workspaceFile(workspaceRoot: string, file: string): string {
  if (!isAbsolute(file)) return file;
  // Jest reports real paths; the workspace may have been named through a symbolic link.
  for (const root of [workspaceRoot, realpathSync(workspaceRoot)]) {
    const inside = relative(root, file);
    if (!inside.startsWith('..') && !isAbsolute(inside)) return inside.split(sep).join('/');
  }
  return file;
}

/**
 * The counts of the agent's last test run, as its `test` target recorded them in coverage/ (a cached
 * output of that target, which `verify` depends on): tests passed and run, failures, suites that did not
 * run, and covered lines. Reads files only; the tests run once, in the test target.
 */
export function readTestResults(workspaceRoot: string, projectRoot: string): AgentTestRun {
  const empty = { passed: 0, total: 0, failedTests: [], brokenSuites: [], lines: { covered: 0, total: 0 } };
  const results = readJson<RecordedResults>(workspaceRoot, `${projectRoot}/${RESULTS_FILE}`);
  if ('missing' in results) return { ...empty, missing: results.missing };
  const summary = readJson<{ total: { lines: { covered: number; total: number } } }>(
    workspaceRoot,
    `${projectRoot}/${SUMMARY_FILE}`,
  );
  if ('missing' in summary) return { ...empty, missing: summary.missing };
  const failedTests = results.testResults.flatMap((suite) =>
    suite.assertionResults
      .filter((a) => a.status === 'failed')
      .map((a) => ({
        file: workspaceFile(workspaceRoot, suite.name),
        title: a.fullName,
        message: (a.failureMessages[0] ?? '').split('\n')[0] ?? '',
      })),
  );
  const brokenSuites = results.testResults
    .filter((s) => s.assertionResults.length === 0 && s.message)
    .map((s) => ({ file: workspaceFile(workspaceRoot, s.name), message: firstCause(s.message) }));
  return {
    passed: results.numPassedTests,
    total: results.numTotalTests,
    failedTests,
    brokenSuites,
    lines: { covered: summary.total.lines.covered, total: summary.total.lines.total },
  };
}
