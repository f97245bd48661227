import { logger, type ExecutorContext } from '@nx/devkit';
import { gatePasses } from '../../meta';
import { loadAgentProject, writeTargetReport, type AgentProject } from '../shared/agent-project';
import { check, formatReport, type TargetReport } from '../shared/check-result';
import { recursiveVerification } from './verify-checks';
import { readTestResults } from './read-test-results';
import { forgetTestResults, runTestTargets } from './run-test-targets';

/**
 * The verify report of an agent whose agent.yaml is valid: the gates over the counts its test target
 * recorded, and the recursive verification. Writes nothing; the evidence executors build it too.
 */
export function verifyReport(
  project: AgentProject & { spec: NonNullable<AgentProject['spec']> },
): TargetReport {
  const gates = Object.fromEntries(project.meta.validationChecklist.gates.map((g) => [g.id, g]));
  const run = readTestResults(project.workspaceRoot, project.projectRoot);
  const testGate = {
    passed: run.passed,
    total: run.total,
    ok: !run.missing && run.brokenSuites.length === 0 && gatePasses(gates['tests']!, run.passed, run.total),
  };
  const coverageGate = {
    passed: run.lines.covered,
    total: run.lines.total,
    ok: !run.missing && gatePasses(gates['coverage']!, run.lines.covered, run.lines.total),
  };
  const testProblems = [
    ...(run.missing ? [run.missing] : []),
    ...run.brokenSuites.map((s) => ({ file: s.file, detail: `suite did not run: ${s.message}` })),
    ...run.failedTests.map((t) => ({ file: t.file, detail: `${t.title}: ${t.message}` })),
  ];
  const counted = { file: project.projectRoot, detail: `${run.passed}/${run.total} passed` };
  // A test that failed is named either way: within the gate it does not fail the check, but the report says which.
  const toleratedFailures = run.failedTests.map((t) => ({
    file: t.file,
    detail: `failed, within the gate: ${t.title}: ${t.message}`,
  }));
  const checks = [
    check(
      'tests',
      4,
      `tests pass (gate ${gates['tests']!.min_percent} %)`,
      testGate.ok ? [] : testProblems.length ? testProblems : [counted],
      [counted, ...toleratedFailures],
    ),
    check(
      'coverage',
      4,
      `line coverage (gate ${gates['coverage']!.min_percent} %)`,
      coverageGate.ok
        ? []
        : [
            {
              file: `${project.projectRoot}/coverage/coverage-summary.json`,
              detail: `${run.lines.covered}/${run.lines.total} lines covered`,
            },
          ],
      [
        {
          file: `${project.projectRoot}/coverage/coverage-summary.json`,
          detail: `${run.lines.covered}/${run.lines.total} lines covered`,
        },
      ],
    ),
    ...recursiveVerification(project),
  ];
  return {
    format: 'l9/target-report@1',
    target: 'verify',
    agent: { id: project.spec.id, name: project.spec.name },
    passed: checks.every((c) => c.passed),
    checks,
    gates: { tests: testGate, coverage: coverageGate },
  };
}

export interface VerifyOptions {
  /** The agent's test target (the plugin sets it from its testTargetName option). Default `test`. */
  testTarget?: string;
}

/** How verify has the agent's tests run: through Nx (see run-test-targets.ts); a test gives another. */
export type TestRunner = (
  workspaceRoot: string,
  testTarget: string | undefined,
  projects: readonly string[],
) => Promise<{ ok: boolean; detail: string }>;

/**
 * `l9:verify` (phases 4 and 5): runs the agent's `test` target through Nx (its cache: the tests run once, in
 * that task) and checks the counts it recorded in coverage/ against the gates of the checklist template —
 * integer counts — then the code against the schema. It does not `dependsOn` the test target: Nx would skip
 * verify when a test fails and exit 130 with no verdict; here a failing test is a failed check, named, exit 1.
 */
export async function runVerify(
  options: VerifyOptions,
  context: ExecutorContext,
  runTests: TestRunner = runTestTargets,
): Promise<{ success: boolean }> {
  const project = loadAgentProject(context);
  const { spec } = project;
  if (!spec) {
    logger.error(
      `${project.projectRoot}/agent.yaml is not a valid agent; run the validate target for details`,
    );
    return { success: false };
  }
  forgetTestResults(project.workspaceRoot, [project.projectRoot]);
  const run = await runTests(project.workspaceRoot, options.testTarget, [project.projectName]);
  const report = verifyReport({ ...project, spec });
  writeTargetReport(project, report);
  // The gates decide: a failed test within the tests gate fails the test task (so `run`) but is named, not failed.
  (report.passed ? logger.info : logger.error)(
    `${formatReport(report)}${run.ok ? '' : `\n  (${run.detail})`}`,
  );
  return { success: report.passed };
}

export default async function verifyExecutor(
  options: VerifyOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return runVerify(options, context);
}
