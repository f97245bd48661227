import type { ValidationChecklistMeta } from '../../meta';
import type { CheckEvidence } from './check-result';
import { readText } from './project-files';

/**
 * Every occurrence of a forbidden marker (TODO, FIXME, placeholder text, "not implemented" …, as the
 * checklist template lists them) in the scanned file types, with file and line.
 */
export function scanForbiddenMarkers(
  workspaceRoot: string,
  files: readonly string[],
  checklist: ValidationChecklistMeta,
): { scanned: number; hits: CheckEvidence[] } {
  const { scan_extensions, patterns } = checklist.forbidden_markers;
  const compiled = patterns.map((p) => ({
    id: p.id,
    regex: new RegExp(p.pattern, p.ignore_case ? 'i' : ''),
  }));
  const hits: CheckEvidence[] = [];
  let scanned = 0;
  for (const file of files) {
    if (!scan_extensions.some((ext) => file.endsWith(ext))) continue;
    const text = readText(workspaceRoot, file);
    if (text === null) continue;
    scanned += 1;
    text.split('\n').forEach((line, index) => {
      for (const { id, regex } of compiled) {
        if (regex.test(line))
          hits.push({
            file,
            line: index + 1,
            detail: `forbidden marker '${id}': ${line.trim().slice(0, 120)}`,
          });
      }
    });
  }
  return { scanned, hits };
}
