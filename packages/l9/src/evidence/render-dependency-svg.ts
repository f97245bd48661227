import type { EvidencePredicate } from './evidence-statement';
import { escapeHtml } from './escape-text';

const BOX_WIDTH = 180;
const BOX_HEIGHT = 40;
const COLUMN_GAP = 80;
const ROW_GAP = 24;
const MARGIN = 24;
const HEADER = 28;
/** Characters of a name that fit in a box; the full name is in the box's tooltip. */
const LABEL_CHARS = 22;

function label(name: string): string {
  return name.length <= LABEL_CHARS ? name : `${name.slice(0, LABEL_CHARS - 1)}…`;
}

/**
 * The dependency graph as inline SVG: one column per wave, one box per agent, an arrow from the agent
 * that must be ready first to the agent that needs it (soft edges dashed). Failing agents are outlined
 * in red. Integer coordinates only, so the same statement draws the same bytes.
 */
export function renderDependencySvg(p: EvidencePredicate): string {
  const agentOf = new Map(p.agents.map((a) => [a.id, a]));
  const failing = new Set(
    p.completion.failed_gates.map((g) => g.scope).concat(p.completion.failed_checks.map((c) => c.scope)),
  );
  const position = new Map<string, { x: number; y: number }>();
  p.waves.forEach((wave, w) =>
    wave.forEach((id, row) =>
      position.set(id, {
        x: MARGIN + w * (BOX_WIDTH + COLUMN_GAP),
        y: MARGIN + HEADER + row * (BOX_HEIGHT + ROW_GAP),
      }),
    ),
  );
  const tallest = Math.max(1, ...p.waves.map((wave) => wave.length));
  const width = MARGIN * 2 + Math.max(1, p.waves.length) * (BOX_WIDTH + COLUMN_GAP) - COLUMN_GAP;
  const height = MARGIN * 2 + HEADER + tallest * (BOX_HEIGHT + ROW_GAP) - ROW_GAP;

  const headers = p.waves.map(
    (_, w) =>
      `<text class="wave" x="${MARGIN + w * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH / 2}" y="${MARGIN + 16}" text-anchor="middle">wave ${w + 1}</text>`,
  );
  const edges = p.edges.flatMap((edge) => {
    const from = position.get(edge.from);
    const to = position.get(edge.to);
    if (!from || !to) return [];
    const x1 = from.x + BOX_WIDTH;
    const y1 = from.y + BOX_HEIGHT / 2;
    const x2 = to.x;
    const y2 = to.y + BOX_HEIGHT / 2;
    const bend = Math.max(40, Math.round(Math.abs(x2 - x1) / 2));
    const title = `${agentOf.get(edge.from)?.name ?? edge.from} → ${agentOf.get(edge.to)?.name ?? edge.to} (${edge.kind})`;
    return [
      `<path class="edge ${edge.kind}" d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}" marker-end="url(#arrow)"><title>${escapeHtml(title)}</title></path>`,
    ];
  });
  const boxes = p.agents.flatMap((agent) => {
    const at = position.get(agent.id);
    if (!at) return [];
    const state = failing.has(agent.id) ? 'failing' : 'passing';
    return [
      `<g class="agent ${state}"><title>${escapeHtml(`${agent.name} (${agent.id}), port ${agent.port}`)}</title>` +
        `<rect x="${at.x}" y="${at.y}" width="${BOX_WIDTH}" height="${BOX_HEIGHT}" rx="6"/>` +
        `<text x="${at.x + BOX_WIDTH / 2}" y="${at.y + BOX_HEIGHT / 2 + 5}" text-anchor="middle">${escapeHtml(label(agent.name))}</text></g>`,
    ];
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Dependency graph by waves">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ...headers,
    ...edges,
    ...boxes,
    '</svg>',
  ].join('\n');
}
