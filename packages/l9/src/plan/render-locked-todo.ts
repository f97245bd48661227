import type { LockedPlan } from './lock-plan';

/** `locked_todo_plan.md`: the plan as people review it, one line per file, grouped by wave and agent. */
export function renderLockedTodo(plan: LockedPlan): string {
  const lines: string[] = [
    `# Locked plan${plan.title ? `: ${plan.title}` : ''}`,
    '',
    `Plan hash: \`${plan.hash}\``,
    '',
  ];
  lines.push(`Order: ${plan.order.join(' → ')}`, '');
  plan.waves.forEach((wave, i) => lines.push(`- Wave ${i + 1}: ${wave.join(', ')}`));
  lines.push(
    '',
    `Integration matrix: ${plan.matrix.pairs} ordered pairs (every agent sends to every other).`,
    '',
  );
  for (const agent of plan.agents) {
    lines.push(`## ${agent.name} (wave ${agent.wave + 1}, port ${agent.port})`, '');
    for (const entry of plan.todo.filter((t) => t.agent === agent.name)) {
      lines.push(
        `- [${entry.id}] ${entry.action} \`${entry.file}\` (${entry.ownership}): ${entry.target}. Expected: ${entry.expected}`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
