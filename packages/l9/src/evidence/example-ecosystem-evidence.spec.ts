import { sha256Hex } from '@l9/runtime/shared';
import { planEcosystem } from '../plan/plan-ecosystem';
import { planOptionsFromMeta } from '../plan/plan-options-from-meta';
import { exampleInput } from '../testing/reference-inputs';
import { workspaceMeta } from '../testing/workspace-meta';
import type { AgentEvidence } from './agent-evidence';
import { buildEvidenceStatement } from './build-evidence-statement';
import { renderEvidenceHtml } from './render-evidence-html';
import { renderEvidenceReport } from './render-evidence-report';

describe('evidence of the TensorAIOS example plan', () => {
  const meta = workspaceMeta();
  const plan = planEcosystem(
    [exampleInput('tensoraios-ecosystem.md'), exampleInput('main-agent.yaml')],
    planOptionsFromMeta(meta, {}),
  ).plan!;
  // Evidence as the agent targets would record it for a project generated exactly as planned.
  const agents: AgentEvidence[] = plan.agents.map((a) => ({
    format: 'l9/agent-evidence@1',
    agent: { id: a.id, name: a.name, version: '6.0' },
    spec_sha256: a.spec_sha256,
    files: plan.todo
      .filter((t) => t.agent === a.name)
      .map((t) => ({
        path: t.file,
        sha256: sha256Hex(t.file),
        ownership: t.ownership,
        default: t.ownership === 'user',
      })),
    gates: {
      tests: { passed: 40, total: 40 },
      coverage_lines: { covered: 880, total: 1000 },
      forbidden_markers: { found: 0, files_scanned: 30, files_with_markers: 0 },
    },
    verdicts: [],
    domain_modules_with_default: [],
    governance: { mode: 'escalate', anchors: ['Igor'], human_override: true, audit_scope: [] },
  }));
  const integration = Object.fromEntries(plan.agents.map((a) => [a.id, { passed: 4, total: 4 }]));
  const statement = buildEvidenceStatement({
    ecosystemId: 'tensoraios-ecosystem',
    plan,
    planFile: 'agents/tensoraios-ecosystem/plan.lock.json',
    agents,
    integration,
    matrix: { file: 'agents/tensoraios-ecosystem/.l9/integration.json', recorded: true, failedPairs: [] },
    ecosystemChecks: [],
    checklist: meta.validationChecklist,
  });

  it('takes a locked plan as it is and records its order, waves and edges by agent id', () => {
    expect(statement.predicate.plan_hash).toBe(plan.hash);
    expect(statement.predicate.order[0]).toBe('tensoraios');
    expect(statement.predicate.waves).toHaveLength(3);
    expect(statement.predicate.edges).toHaveLength(plan.edges.length);
    expect(statement.subject).toHaveLength(plan.todo.length);
    expect(statement.predicate.completion.complete).toBe(true);
  });

  it('draws every agent and every edge of the plan', () => {
    const svg = renderEvidenceHtml(statement);
    expect(svg.match(/<g class="agent passing"/g)).toHaveLength(5);
    expect(svg.match(/<path class="edge/g)).toHaveLength(plan.edges.length);
    expect(renderEvidenceReport(statement)).toContain(
      'All phases complete. Every gate passed for the ecosystem and for each of its 5 agents',
    );
  });
});
