import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustNx, mustRun, mustSucceed, nx } from './support/commands';
import { gitStatus } from './support/git';
import { dependencyIds, readPlanAgents, withDependents } from './support/locked-plan';
import { packedPackages } from './support/packed-packages';
import {
  createExampleEcosystemWorkspace,
  disposeWorkspace,
  ECOSYSTEM_PROJECT,
} from './support/user-workspace';

interface GraphJson {
  graph: {
    nodes: Record<string, unknown>;
    dependencies: Record<string, Array<{ source: string; target: string; type: string }>>;
  };
}

describe('the targets the l9 plugin infers, in a fresh Nx workspace with the example ecosystem', () => {
  let workspace: string;
  let dependencies: Record<string, string[]>;
  beforeAll(() => {
    workspace = createExampleEcosystemWorkspace(packedPackages());
    dependencies = dependencyIds(readPlanAgents(workspace, ECOSYSTEM_PROJECT));
  });
  afterAll(() => disposeWorkspace(workspace));

  it('nx run-many -t verify runs the tests and gates of every agent and passes', () => {
    const output = mustNx(workspace, ['run-many', '-t', 'verify', '--outputStyle=static']);
    for (const id of Object.keys(dependencies)) expect(output).toContain(`verify ${id}: passed`);
    expect(output).toContain(
      `Successfully ran target verify for ${Object.keys(dependencies).length} projects`,
    );
    expect(gitStatus(workspace)).toBe('');
  });

  it('nx graph draws one edge per depends_on entry of the locked plan, and the ecosystem over every agent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'l9-e2e-graph-'));
    try {
      mustNx(workspace, ['graph', `--file=${join(dir, 'graph.json')}`]);
      const { graph } = JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8')) as GraphJson;
      // Hard edges are static (read from the agent.yaml), accepted soft edges implicit (computed from plan.lock.json): both order tasks.
      const agentEdges = Object.fromEntries(
        Object.keys(dependencies).map((id) => [
          id,
          graph.dependencies[id]!.filter((edge) => edge.target in graph.nodes)
            .map((edge) => edge.target)
            .sort(),
        ]),
      );
      expect(agentEdges).toEqual(dependencies);
      expect(graph.dependencies[ECOSYSTEM_PROJECT]!.map((edge) => edge.target).sort()).toEqual(
        Object.keys(dependencies).sort(),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('after an edit of one agent.yaml, nx affected holds that agent, its dependents and the ecosystem, and re-verifies only them', () => {
    const edited = 'tensor-training-orchestrator';
    appendFileSync(join(workspace, 'agents', edited, 'agent.yaml'), '# reviewed by the training team\n');
    try {
      const affected = mustSucceed(
        'npx',
        ['nx', 'show', 'projects', '--affected', '--base=HEAD', '--json'],
        workspace,
      ).stdout;
      const expected = [...withDependents(dependencies, edited), ECOSYSTEM_PROJECT].sort();
      expect(expected.length).toBeLessThan(Object.keys(dependencies).length + 1);
      expect((JSON.parse(affected) as string[]).sort()).toEqual(expected);
      const agents = expected.filter((id) => id !== ECOSYSTEM_PROJECT);
      const output = mustNx(workspace, ['affected', '-t', 'verify', '--base=HEAD', '--outputStyle=static']);
      expect(output).toContain(`Successfully ran target verify for ${agents.length} projects`);
      // verify depends on no task (see the plugin's agent-targets.ts), so an agent that is not affected is not in the run.
      for (const id of Object.keys(dependencies).filter((id) => !agents.includes(id)))
        expect(output).not.toContain(`nx run ${id}:verify`);
      for (const id of agents) expect(output).not.toContain(`nx run ${id}:verify  [local cache]`);
    } finally {
      mustRun('git', ['checkout', '--', join('agents', edited, 'agent.yaml')], workspace);
    }
  });

  it('the ecosystem evidence signs the digest of every generated file and verify-evidence accepts it', () => {
    const output = mustNx(workspace, ['run', `${ECOSYSTEM_PROJECT}:evidence`, '--outputStyle=static']);
    const signed = /evidence tensoraios-ecosystem: (\d+) files signed/.exec(output);
    expect(signed).not.toBeNull();
    const envelope = JSON.parse(
      readFileSync(
        join(workspace, 'dist', 'l9', ECOSYSTEM_PROJECT, 'evidence', 'evidence_statement.json'),
        'utf8',
      ),
    ) as { payload: string };
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
      subject: Array<{ name: string; digest: { sha256: string } }>;
    };
    expect(statement.subject).toHaveLength(Number(signed![1]));
    const mismatched = statement.subject.filter(
      ({ name, digest }) =>
        createHash('sha256')
          .update(readFileSync(join(workspace, name)))
          .digest('hex') !== digest.sha256,
    );
    expect(mismatched).toEqual([]);
    for (const id of Object.keys(dependencies))
      expect(statement.subject.map((s) => s.name)).toContain(`agents/${id}/src/generated/wiring.ts`);
    expect(
      mustNx(workspace, ['run', `${ECOSYSTEM_PROJECT}:verify-evidence`, '--outputStyle=static']),
    ).toContain(`OK: ${signed![1]} files verified, signature valid`);
    expect(gitStatus(workspace)).toBe('');
  });

  it('verify-evidence fails and names a generated file edited after signing', () => {
    const file = 'agents/tensoraios/src/generated/config.ts';
    appendFileSync(join(workspace, file), '// edited by hand\n');
    try {
      const result = nx(workspace, ['run', `${ECOSYSTEM_PROJECT}:verify-evidence`, '--outputStyle=static']);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain(`changed: ${file}`);
    } finally {
      mustRun('git', ['checkout', '--', file], workspace);
    }
  });
});
