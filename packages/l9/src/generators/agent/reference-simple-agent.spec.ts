import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { referenceInput, workspaceRoot } from '../../testing/reference-inputs';
import { treeFiles } from '../testing/tree-files';
import { agentGenerator } from './generator';

/**
 * The reference `sample_simple_agent.yaml` ("No escalation required - fully autonomous operation.") generates an
 * agent whose own tests pass: its policy is an explicit empty rule set, and the tests expect no rule. The agent is
 * written under the workspace's tmp/ (so it resolves @l9/runtime like a generated agent does) and its Jest run
 * is the real one.
 */
describe('the reference sample_simple_agent.yaml', () => {
  it('generates an agent without escalation rules whose generated tests pass', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write(
      'schemas/sample_simple_agent.yaml',
      Buffer.from(referenceInput('sample_simple_agent.yaml').content).toString('utf8'),
    );
    await agentGenerator(tree, { schema: 'schemas/sample_simple_agent.yaml' });
    const files = treeFiles(tree, 'agents/simple-echo-agent');
    // Its controller's tests rehearse no escalation: the policy text is there, but it declares no rule.
    const controllerSpec = files['agents/simple-echo-agent/src/modules/controller.spec.ts'];
    expect(controllerSpec).toContain('runs an operation governance allows');
    expect(controllerSpec).not.toContain('escalation policy');

    mkdirSync(join(workspaceRoot(), 'tmp'), { recursive: true });
    const scratch = mkdtempSync(join(workspaceRoot(), 'tmp', 'l9-simple-agent-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        const target = join(scratch, path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, text);
      }
      const config = join(scratch, 'agents', 'simple-echo-agent', 'jest.config.cjs');
      const results = join(scratch, 'results.json');
      const run = spawnSync(
        process.execPath,
        [
          require.resolve('jest/bin/jest', { paths: [workspaceRoot()] }),
          '-c',
          config,
          '--ci',
          '--json',
          `--outputFile=${results}`,
        ],
        {
          cwd: workspaceRoot(),
          encoding: 'utf8',
          env: { ...process.env, L9_LOG_LEVEL: 'silent' },
        },
      );
      const summary = JSON.parse(readFileSync(results, 'utf8')) as {
        numFailedTests: number;
        numPassedTests: number;
        testResults: Array<{ message: string }>;
      };
      expect({
        status: run.status,
        failed: summary.numFailedTests,
        messages: summary.testResults.map((r) => r.message).filter(Boolean),
      }).toEqual({ status: 0, failed: 0, messages: [] });
      expect(summary.numPassedTests).toBeGreaterThan(10);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 180_000);
});
