/**
 * Where every l9 project lives, workspace-relative: the plan's `agentsDir`, which its file paths start with, and
 * the folder the generators write the projects into and read them back from. Kept in this one place so the
 * locked plan and the projects on disk cannot disagree.
 */
export const AGENTS_DIR = 'agents';

/** `agents/<id>`: the project root of an agent or of an ecosystem. */
export function agentProjectRoot(id: string): string {
  return `${AGENTS_DIR}/${id}`;
}
