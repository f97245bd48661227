import { displayCounts, displayVerdict } from './display-counts';
import { deploymentReadiness, type AgentReadiness } from './deployment-readiness';
import type { EvidenceStatement } from './evidence-statement';
import { escapeMarkdown } from './escape-text';

const cell = (text: string): string => escapeMarkdown(text);

function details(r: AgentReadiness): string[] {
  return [
    ...r.reasons.map((reason) => `- ${cell(reason)}`),
    ...r.notes.map((note) => `- note: ${cell(note)}`),
  ];
}

/** `deployment_readiness.md`: per agent its port, gates and checks, and whether it can be deployed and why not. */
export function renderDeploymentReadiness(statement: EvidenceStatement): string {
  const p = statement.predicate;
  const readiness = deploymentReadiness(p);
  const lines = [
    `# Deployment readiness: ${cell(p.ecosystem.title)}`,
    '',
    `Ecosystem ready: ${readiness.ecosystem.ready ? 'yes' : 'no'}`,
  ];
  if (readiness.ecosystem.reasons.length > 0) lines.push('', ...details(readiness.ecosystem));
  const gateIds = p.thresholds.map((t) => t.id);
  lines.push(
    '',
    `| Agent | Port | Health | ${p.thresholds.map((t) => cell(t.title)).join(' | ')} | Checks | Ready |`,
    `|${' --- |'.repeat(gateIds.length + 5)}`,
  );
  p.agents.forEach((agent, i) => {
    const outcomes = p.gates.agents[i]!.outcomes;
    const checks = p.verdicts.agents[i]!.checks;
    const gates = gateIds.map((id) => {
      const o = outcomes.find((x) => x.gate === id)!;
      return `${displayCounts(o.passed, o.total)} ${displayVerdict(o.ok)}`;
    });
    const health = `http://localhost:${agent.port}/${agent.route_prefix}/health`;
    lines.push(
      `| ${[agent.name, String(agent.port), health, ...gates, displayCounts(checks.filter((c) => c.passed).length, checks.length), readiness.agents[i]!.ready ? 'yes' : 'no'].map(cell).join(' | ')} |`,
    );
  });
  for (const r of readiness.agents) {
    lines.push('', `## ${cell(r.name)}`, '', `Ready: ${r.ready ? 'yes' : 'no'}`);
    if (r.reasons.length + r.notes.length > 0) lines.push('', ...details(r));
  }
  return `${lines.join('\n')}\n`;
}
