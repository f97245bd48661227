/** How a table is laid out: a dashed line under the header row, right-aligned columns (numbers), each line's indent. */
export interface TextTableOptions {
  rule?: boolean;
  alignRight?: readonly number[];
  indent?: string;
}

/**
 * Rows of cells as aligned plain text, for terminals and logs: each column as wide as its widest cell, two spaces
 * between columns, no trailing blanks. The first row is the header. The one table helper of l9 and its tools.
 */
export function textTable(rows: readonly (readonly string[])[], options: TextTableOptions = {}): string {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(0, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const right = new Set(options.alignRight ?? []);
  const line = (row: readonly string[]) =>
    (options.indent ?? '') +
    widths
      .map((width, column) =>
        right.has(column) ? (row[column] ?? '').padStart(width) : (row[column] ?? '').padEnd(width),
      )
      .join('  ')
      .trimEnd();
  const lines = rows.map(line);
  if (options.rule && rows.length > 0) lines.splice(1, 0, line(widths.map((width) => '-'.repeat(width))));
  return lines.join('\n');
}
