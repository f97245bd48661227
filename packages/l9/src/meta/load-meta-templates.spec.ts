import { bundledMetaText } from './bundled-meta';
import { loadMetaTemplates } from './load-meta-templates';

/** A workspace with no copy of any template: every read finds nothing, so the ones l9 ships apply. */
const readWorkspaceFile = (): string | null => null;

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function locate(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`fixture text does not contain ${JSON.stringify(needle)}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** The shipped templates, with the workspace's copy of `file` edited by `edit`; returns the edited text for locating positions. */
function loadWithEdit(file: string, edit: (text: string) => string) {
  const path = `templates/meta/${file}`;
  const edited = edit(bundledMetaText(file)!);
  const result = loadMetaTemplates((p) => (p === path ? edited : readWorkspaceFile()));
  return { ...result, text: edited, path };
}

function replaceOnce(from: string, to: string) {
  return (text: string) => {
    if (!text.includes(from)) throw new Error(`fixture text does not contain ${JSON.stringify(from)}`);
    return text.replace(from, to);
  };
}

describe('loadMetaTemplates', () => {
  it('loads the templates l9 ships without a single diagnostic', () => {
    const { meta, diagnostics } = loadMetaTemplates(readWorkspaceFile);
    expect(diagnostics).toEqual([]);
    expect(meta?.codegen.communication.ports.base).toBe(8000);
    expect(meta?.codegen.memory.working.keyspace).toBe('<id>:working:*');
    expect(meta?.extractionSequence.agent_steps.at(-1)?.path).toBe('manifest.json');
    expect(meta?.validationChecklist.evidence_sections).toHaveLength(10);
    expect(meta?.dependencyIntegration.edge_kinds.hard.nx_dependency).toBe('static');
  });

  it('accepts a directory given with a trailing slash', () => {
    expect(loadMetaTemplates(readWorkspaceFile, 'templates/meta/').diagnostics).toEqual([]);
  });

  it('takes a template the workspace has its own copy of over the one l9 ships', () => {
    const { meta } = loadWithEdit('meta.codegen.yaml', replaceOnce('base: 8000', 'base: 9100'));
    expect(meta?.codegen.communication.ports.base).toBe(9100);
  });

  it('reports a template found nowhere as L9M001 at its first position and returns no meta', () => {
    const { meta, diagnostics } = loadMetaTemplates(
      (p) => (p.endsWith('meta.extraction.sequence.yaml') ? null : bundledMetaText(p.split('/').pop()!)),
      'custom/meta',
    );
    expect(meta).toBeNull();
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'L9M001',
        severity: 'error',
        file: 'custom/meta/meta.extraction.sequence.yaml',
        line: 1,
        column: 1,
      }),
    ]);
  });

  it('reports a template that cannot be read as L9M001 with the reason', () => {
    const { diagnostics } = loadMetaTemplates((p) => {
      if (p.endsWith('meta.codegen.yaml')) throw new Error('EACCES: permission denied');
      return readWorkspaceFile();
    });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'L9M001', file: 'templates/meta/meta.codegen.yaml' });
    expect(diagnostics[0]!.message).toContain('permission denied');
  });

  it('reports a YAML syntax error as L9M002 where the parser stopped', () => {
    const { meta, diagnostics, text, path } = loadWithEdit(
      'meta.codegen.yaml',
      replaceOnce('  episodic:\n', '  episodic: x:\n'),
    );
    expect(meta).toBeNull();
    const at = locate(text, 'x:');
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'L9M002', file: path, line: at.line, column: at.column }),
    ]);
  });

  it('reports a threshold of the wrong type as L9M003 at the value', () => {
    const { diagnostics, text, path } = loadWithEdit(
      'meta.validation.checklist.yaml',
      replaceOnce('min_percent: 95', 'min_percent: "95"'),
    );
    const at = locate(text, '"95"');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'L9M003',
        file: path,
        line: at.line,
        column: at.column,
        message: 'gates.0.min_percent: expected number',
      }),
    ]);
  });

  it('reports a fractional threshold as L9M003, since gates compare integer counts', () => {
    const { diagnostics, text } = loadWithEdit(
      'meta.validation.checklist.yaml',
      replaceOnce('min_percent: 90', 'min_percent: 89.5'),
    );
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'L9M003', ...locate(text, '89.5') })]);
  });

  it('reports a missing section as L9M003 at the start of the document', () => {
    const { diagnostics, text } = loadWithEdit('meta.codegen.yaml', (t) =>
      t.replace(/\nlimits:\n( {2}.*\n)+/, '\n'),
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'L9M003',
        message: 'limits: required object is missing',
        ...locate(text, 'kind:'),
      }),
    ]);
  });

  it('reports an unknown key as L9M003 at the key, with a did-you-mean', () => {
    const { diagnostics, text } = loadWithEdit(
      'meta.codegen.yaml',
      replaceOnce('retention_days: 90', 'retention_dayz: 90'),
    );
    const unknown = diagnostics.find((d) => d.message.includes('unknown key'));
    expect(unknown).toMatchObject({
      code: 'L9M003',
      hint: 'did you mean retention_days?',
      ...locate(text, 'retention_dayz'),
    });
  });

  it('reports an evidence report of nine sections as L9M005 at the section list', () => {
    const { diagnostics, text } = loadWithEdit(
      'meta.validation.checklist.yaml',
      replaceOnce('  - { id: phase-3, title: Phase 3 — enforcement }\n', ''),
    );
    const sectionsAt = locate(text, '- { id: schema-input-summary');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'L9M005',
        message: 'evidence_sections: an evidence report has exactly 10 sections; found 9',
        ...sectionsAt,
      }),
    ]);
  });

  it('reports evidence sections out of order as L9M005 at the misplaced id', () => {
    const { diagnostics, text } = loadWithEdit('meta.validation.checklist.yaml', (t) =>
      t
        .replace('id: phase-0, title: Phase 0', 'id: TEMP')
        .replace('id: phase-1, title: Phase 1', 'id: phase-0, title: Phase 1')
        .replace('id: TEMP', 'id: phase-1, title: Phase 0'),
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['L9M005', 'L9M005']);
    expect(diagnostics[0]).toMatchObject(locate(text, 'phase-1, title: Phase 0'));
  });

  it('reports a role pattern listed twice as L9M005 at the second occurrence', () => {
    const { diagnostics, text } = loadWithEdit(
      'meta.codegen.yaml',
      replaceOnce('patterns: [logger]', 'patterns: [logger, memorybridge]'),
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'L9M005', ...locate(text, 'memorybridge]') }),
    ]);
  });

  it('reports a template split into two documents as L9M004 at the second one', () => {
    const { diagnostics, text } = loadWithEdit(
      'meta.dependency.integration.yaml',
      replaceOnce('\nedge_kinds:', '\n---\nedge_kinds:'),
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'L9M004', ...locate(text, 'edge_kinds:') }),
    ]);
  });

  it('reports a step path without its repeat token as L9M005', () => {
    const { diagnostics, text } = loadWithEdit(
      'meta.extraction.sequence.yaml',
      replaceOnce('path: src/modules/{module}.ts', 'path: src/modules/all.ts'),
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'L9M005', ...locate(text, 'src/modules/all.ts') }),
    ]);
  });

  it('collects the problems of every template, sorted by file and position', () => {
    const { diagnostics } = loadMetaTemplates((p) => {
      const text = bundledMetaText(p.split('/').pop()!)!;
      if (p.endsWith('meta.validation.checklist.yaml'))
        return text.replace('max_failed: 0', 'max_failed: -1');
      if (p.endsWith('meta.codegen.yaml')) return text.replace('base: 8000', 'base: 80');
      return text;
    });
    expect(diagnostics.map((d) => [d.file, d.code])).toEqual([
      ['templates/meta/meta.codegen.yaml', 'L9M003'],
      ['templates/meta/meta.validation.checklist.yaml', 'L9M003'],
    ]);
  });
});
