/** What one attack or fault found: `held` when the agent behaved as the product promises. */
export interface AttackOutcome {
  held: boolean;
  /** What was observed, in a few words (status codes, counts, the refusal message). */
  observed: string;
}

export interface Attack<Context> {
  /** Issue area, e.g. "anchors", "replay", "audit". */
  area: string;
  name: string;
  /** What a held line means, e.g. "401, no anchor named". */
  expected: string;
  run(context: Context): Promise<AttackOutcome>;
}

export interface AttackRow {
  area: string;
  name: string;
  expected: string;
  observed: string;
  verdict: 'held' | 'broken';
}

/** Runs the attacks one after the other; an attack that throws is broken, with its error as what was observed. */
export async function runAttacks<Context>(
  attacks: readonly Attack<Context>[],
  context: Context,
  onRow: (row: AttackRow) => void = () => undefined,
): Promise<AttackRow[]> {
  const rows: AttackRow[] = [];
  for (const attack of attacks) {
    let outcome: AttackOutcome;
    try {
      outcome = await attack.run(context);
    } catch (error) {
      outcome = { held: false, observed: `error: ${error instanceof Error ? error.message : String(error)}` };
    }
    const row: AttackRow = {
      area: attack.area,
      name: attack.name,
      expected: attack.expected,
      observed: outcome.observed,
      verdict: outcome.held ? 'held' : 'broken',
    };
    rows.push(row);
    onRow(row);
  }
  return rows;
}

/** One table cell: one line, pipes escaped, long refusals shortened (the run's own log line has them whole). */
function cell(text: string, max = 240): string {
  const line = text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A Markdown table, one line per attack, and a summary line. */
export function attackTable(rows: readonly AttackRow[]): string {
  const lines = ['| area | attack or fault | expected | observed | verdict |', '|---|---|---|---|---|'];
  for (const row of rows)
    lines.push(
      `| ${cell(row.area)} | ${cell(row.name)} | ${cell(row.expected)} | ${cell(row.observed)} | **${row.verdict}** |`,
    );
  const broken = rows.filter((row) => row.verdict === 'broken').length;
  lines.push('', `${rows.length - broken} held, ${broken} broken`);
  return lines.join('\n');
}
