import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Test support: the governance blocks of the public L9 reference inputs (../shared/reference/l9/inputs
 * beside the workspace root). Read textually, because the runtime package does not depend on a YAML
 * parser: a top-level `governance:` key, its `anchors` and its `escalationpolicy` (plain, quoted, or a
 * `>` folded block whose lines are joined with spaces, as YAML folds them).
 */
export interface ReferenceGovernance {
  where: string;
  anchors: string[];
  mode?: string;
  humanoverride?: boolean;
  escalationpolicy?: string;
}

export function findReferenceInputs(): string {
  for (let dir = __dirname; dir !== resolve(dir, '..'); dir = resolve(dir, '..')) {
    const candidate = join(dir, '..', 'shared', 'reference', 'l9', 'inputs');
    if (existsSync(join(dir, 'nx.json')) && existsSync(candidate)) return candidate;
  }
  throw new Error(
    `reference inputs (../shared/reference/l9/inputs beside the workspace root) not found from ${__dirname}`,
  );
}

export function referenceGovernanceBlocks(): ReferenceGovernance[] {
  const inputs = findReferenceInputs();
  const blocks: ReferenceGovernance[] = [];
  for (const file of readdirSync(inputs).sort()) {
    if (!file.endsWith('.yaml') && !file.endsWith('.md')) continue;
    const lines = readFileSync(join(inputs, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (/^governance:\s*$/.test(line)) blocks.push(readBlock(lines, index + 1, `${file}:${index + 1}`));
    });
  }
  return blocks;
}

function stripComment(value: string): string {
  return value.replace(/\s+#.*$/, '').trim();
}

function readBlock(lines: string[], start: number, where: string): ReferenceGovernance {
  const block: ReferenceGovernance = { where, anchors: [] };
  let index = start;
  const indented = (line: string | undefined): boolean =>
    line !== undefined && (/^\s+\S/.test(line) || line.trim() === '');
  while (index < lines.length && indented(lines[index])) {
    const match = /^(\s+)([a-z_]+):\s*(.*)$/.exec(lines[index]!);
    index++;
    if (!match) continue;
    const [, indent, key, rawValue] = match as unknown as [string, string, string, string];
    const value = stripComment(rawValue);
    const children: string[] = [];
    while (
      index < lines.length &&
      (lines[index]!.trim() === '' || lines[index]!.search(/\S/) > indent.length)
    ) {
      children.push(lines[index]!);
      index++;
    }
    if (key === 'anchors') {
      block.anchors = value.startsWith('[')
        ? value
            .slice(1, -1)
            .split(',')
            .map((item) => item.trim())
        : children.map((child) => stripComment(child.replace(/^\s*-\s*/, ''))).filter(Boolean);
    } else if (key === 'mode') block.mode = value;
    else if (key === 'humanoverride') block.humanoverride = value === 'true';
    else if (key === 'escalationpolicy') {
      block.escalationpolicy =
        value === '>' || value === '|'
          ? `${children
              .map((child) => child.trim())
              .filter(Boolean)
              .join(value === '>' ? ' ' : '\n')}\n`
          : value.replace(/^["']|["']$/g, '');
    }
  }
  return block;
}
