import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEvidenceStatement } from './evidence/build-evidence-statement';
import { evidenceFixture } from './evidence/testing/evidence-test-fixture';
import { scanForbiddenMarkers } from './executors/shared/scan-markers';
import { renderConfig } from './generators/shared/render/code';
import { renderDoc } from './generators/shared/render/docs';
import { renderContextFor } from './generators/shared/render-context-for';
import { bundledMetaText } from './meta/bundled-meta';
import { loadMetaTemplates } from './meta/load-meta-templates';
import type { MetaTemplates } from './meta/meta-templates';
import { META_TEMPLATE_FILES } from './meta/meta-templates';
import { roleForModule } from './meta/module-role';
import { gatePasses } from './meta/quality-gate';
import { planEcosystem, planOptionsFromMeta } from './plan';
import { hardEdgeType } from './plugin/edge-types';

/**
 * Every field of the meta templates l9 ships configures something: for each leaf of the four templates, a test
 * flips it and sees what l9 does change. A field added without such a test fails the first test below.
 */

const shipped = (): MetaTemplates => {
  const { meta, diagnostics } = loadMetaTemplates(() => null);
  if (!meta) throw new Error(`the shipped meta templates do not load: ${JSON.stringify(diagnostics)}`);
  return structuredClone(meta);
};

/** One agent with no governance and no memory settings, so the template's defaults apply. */
const AGENT = `name: ScoreAgent
system: &system Scoring
module: scoring
role: Scores things.
depends_on: {hard: [], soft: []}
cursorinstructions:
  generatefiles: [controller.py, scorer.py]
  generatedocs: [README.md, CONFIG.md]
deployment:
  endpoints:
    - {name: score, path: /score-agent/v1/score, method: POST, timeout_ms: 500}
`;

function planned(meta: MetaTemplates) {
  const result = planEcosystem(
    [{ path: 'schemas/score.yaml', content: AGENT }],
    planOptionsFromMeta(meta, {}),
  );
  const spec = result.ecosystem.agents[0];
  return { result, spec, ctx: result.plan && spec ? renderContextFor(spec, result.plan, meta) : null };
}

/** What `read` sees with the shipped templates and with `edit` applied to a copy; the two must differ. */
function flip<T>(
  read: (meta: MetaTemplates) => T,
  edit: (meta: MetaTemplates) => void,
): { before: T; after: T } {
  const before = read(shipped());
  const edited = shipped();
  edit(edited);
  const after = read(edited);
  expect(after).not.toEqual(before);
  return { before, after };
}

/** The loader's codes for the shipped `file` with its text edited: a key whose value names what is read is checked. */
function rejected(file: string, from: string, to: string): void {
  const text = bundledMetaText(file)!;
  expect(text).toContain(from);
  const { meta, diagnostics } = loadMetaTemplates((path) =>
    path === `templates/meta/${file}` ? text.replace(from, to) : null,
  );
  expect(meta).toBeNull();
  expect(diagnostics.map((d) => d.code)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^L9M00[35]$/)]),
  );
}

function scanned(meta: MetaTemplates, files: Record<string, string>): string[] {
  const root = mkdtempSync(join(tmpdir(), 'l9-meta-fields-'));
  try {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
    return scanForbiddenMarkers(root, Object.keys(files), meta.validationChecklist).hits.map(
      (h) => `${h.file}: ${h.detail}`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function evidenceOf(meta: MetaTemplates) {
  const fixture = evidenceFixture();
  try {
    return buildEvidenceStatement({ ...fixture.input, checklist: meta.validationChecklist }).predicate;
  } finally {
    fixture.cleanup();
  }
}

const gate = (meta: MetaTemplates, id: string) => meta.validationChecklist.gates.find((g) => g.id === id)!;
const step = (meta: MetaTemplates, id: string) =>
  meta.extractionSequence.agent_steps.find((s) => s.id === id)!;
const todoOf = (meta: MetaTemplates) =>
  planned(meta).result.plan!.todo.map((t) => `${t.step} ${t.file} ${t.ownership}`);

const HEADERS = Object.fromEntries(
  META_TEMPLATE_FILES.flatMap(({ key, file }) => [
    [`${key}.kind`, () => rejected(file, 'kind: l9/meta-', 'kind: l9/other-')],
    [`${key}.schema_version`, () => rejected(file, 'schema_version: 1', 'schema_version: 2')],
  ]),
);

const FLIPS: Record<string, () => void> = {
  ...HEADERS,
  'codegen.memory.working.ttl_seconds': () => {
    expect(
      flip(
        (m) => renderConfig(planned(m).ctx!),
        (m) => (m.codegen.memory.working.ttl_seconds = 60),
      ).after,
    ).toContain('"ttl": "60s"');
  },
  'codegen.memory.working.keyspace': () => {
    expect(
      flip(
        (m) => renderConfig(planned(m).ctx!),
        (m) => (m.codegen.memory.working.keyspace = 'team:<id>:*'),
      ).after,
    ).toContain('"keyspace": "team:score-agent:*"');
  },
  'codegen.memory.episodic.retention_days': () => {
    expect(
      flip(
        (m) => renderConfig(planned(m).ctx!),
        (m) => (m.codegen.memory.episodic.retention_days = 7),
      ).after,
    ).toContain('"retention": "7 days"');
  },
  'codegen.governance.anchors[]': () => {
    expect(
      flip(
        (m) => planned(m).spec!.governance.anchors,
        (m) => (m.codegen.governance.anchors = ['Ada']),
      ).after,
    ).toEqual(['Ada']);
  },
  'codegen.governance.mode': () => {
    expect(
      flip(
        (m) => planned(m).spec!.governance.mode,
        (m) => (m.codegen.governance.mode = 'supervised'),
      ).after,
    ).toBe('supervised');
  },
  'codegen.governance.human_override': () => {
    expect(
      flip(
        (m) => planned(m).spec!.governance.humanoverride,
        (m) => (m.codegen.governance.human_override = !m.codegen.governance.human_override),
      ).after,
    ).toBe(!shipped().codegen.governance.human_override);
  },
  'codegen.communication.ports.base': () => {
    expect(
      flip(
        (m) => planned(m).result.plan!.agents[0]!.port,
        (m) => (m.codegen.communication.ports.base = 9100),
      ).after,
    ).toBe(9100);
  },
  'codegen.strict_mode': () => {
    expect(
      flip(
        (m) => planOptionsFromMeta(m, {}).strict,
        (m) => (m.codegen.strict_mode = !m.codegen.strict_mode),
      ).after,
    ).toBe(!shipped().codegen.strict_mode);
  },
  'codegen.feature_flags.*.default': () => {
    expect(
      flip(
        (m) => renderConfig(planned(m).ctx!),
        (m) => (m.codegen.feature_flags['L9_ENABLE_AUDIT_LOG']!.default = false),
      ).after,
    ).toContain('"L9_ENABLE_AUDIT_LOG": false');
  },
  'codegen.feature_flags.*.description': () => {
    expect(
      flip(
        (m) => renderDoc(planned(m).ctx!, 'CONFIG.md'),
        (m) => (m.codegen.feature_flags['L9_ENABLE_AUDIT_LOG']!.description = 'Keeps the books.'),
      ).after,
    ).toContain('Keeps the books.');
  },
  'codegen.limits.max_schema_file_bytes': () => {
    expect(
      flip(
        (m) => planned(m).result.diagnostics.map((d) => d.code),
        (m) => (m.codegen.limits.max_schema_file_bytes = 16),
      ).after,
    ).toContain('L9E002');
  },
  'codegen.limits.max_yaml_aliases': () => {
    // AGENT defines one anchor and no alias; an alias to it counts against the limit.
    const withAlias = (m: MetaTemplates) =>
      planEcosystem(
        [
          {
            path: 'schemas/score.yaml',
            content: AGENT.replace('module: scoring', 'module: scoring\nx-note: *system'),
          },
        ],
        planOptionsFromMeta(m, {}),
      ).diagnostics.map((d) => d.code);
    expect(flip(withAlias, (m) => (m.codegen.limits.max_yaml_aliases = 0)).after).toContain('L9E011');
  },
  'codegen.module_roles[].role': () => {
    expect(
      flip(
        (m) => roleForModule('controller.py', m.codegen),
        (m) => (m.codegen.module_roles.find((r) => r.role === 'controller')!.role = 'logger'),
      ).after,
    ).toBe('logger');
  },
  'codegen.module_roles[].patterns[]': () => {
    expect(
      flip(
        (m) => roleForModule('scorer.py', m.codegen),
        (m) => m.codegen.module_roles.find((r) => r.role === 'controller')!.patterns.push('scorer'),
      ).after,
    ).toBe('controller');
  },
  'extractionSequence.agent_steps[].id': () => {
    expect(flip(todoOf, (m) => (step(m, 'main').id = 'entry')).after).toContain(
      'entry agents/score-agent/src/main.ts generated',
    );
  },
  'extractionSequence.agent_steps[].path': () => {
    expect(flip(todoOf, (m) => (step(m, 'docs').path = 'handbook/{doc}')).after).toContain(
      'docs agents/score-agent/handbook/CONFIG.md generated',
    );
  },
  'extractionSequence.agent_steps[].each': () => {
    const { after } = flip(todoOf, (m) =>
      Object.assign(step(m, 'openapi'), { each: 'doc', path: 'docs/{doc}.openapi.json' }),
    );
    expect(after.filter((entry) => entry.startsWith('openapi '))).toHaveLength(2);
  },
  'extractionSequence.agent_steps[].ownership': () => {
    expect(flip(todoOf, (m) => (step(m, 'modules').ownership = 'generated')).after).toContain(
      'modules agents/score-agent/src/modules/scorer.ts generated',
    );
  },
  'validationChecklist.gates[].id': () =>
    rejected('meta.validation.checklist.yaml', 'id: coverage', 'id: lines'),
  'validationChecklist.gates[].title': () => {
    expect(
      flip(
        (m) => evidenceOf(m).thresholds.map((g) => g.title),
        (m) => (gate(m, 'tests').title = 'Green tests'),
      ).after,
    ).toContain('Green tests');
  },
  'validationChecklist.gates[].min_percent': () => {
    expect(
      flip(
        (m) => gatePasses(gate(m, 'tests'), 19, 20),
        (m) => (gate(m, 'tests').min_percent = 96),
      ).after,
    ).toBe(false);
  },
  'validationChecklist.gates[].max_failed': () => {
    expect(
      flip(
        (m) => gatePasses(gate(m, 'forbidden-markers'), 2, 3),
        (m) => (gate(m, 'forbidden-markers').max_failed = 1),
      ).after,
    ).toBe(true);
  },
  'validationChecklist.gates[].when_empty': () => {
    expect(
      flip(
        (m) => gatePasses(gate(m, 'tests'), 0, 0),
        (m) => (gate(m, 'tests').when_empty = 'pass'),
      ).after,
    ).toBe(true);
  },
  'validationChecklist.forbidden_markers.scan_extensions[]': () => {
    const files = { 'a.ts': '// TODO\n', 'b.txt': 'TODO\n' };
    expect(
      flip(
        (m) => scanned(m, files),
        (m) => m.validationChecklist.forbidden_markers.scan_extensions.push('.txt'),
      ).after,
    ).toHaveLength(2);
  },
  'validationChecklist.forbidden_markers.patterns[].id': () => {
    const files = { 'a.ts': '// TODO\n' };
    expect(
      flip(
        (m) => scanned(m, files),
        (m) => (m.validationChecklist.forbidden_markers.patterns[0]!.id = 'open-work'),
      ).after[0],
    ).toContain("'open-work'");
  },
  'validationChecklist.forbidden_markers.patterns[].pattern': () => {
    const files = { 'a.ts': '// DONE\n' };
    expect(
      flip(
        (m) => scanned(m, files),
        (m) => (m.validationChecklist.forbidden_markers.patterns[0]!.pattern = '\\bDONE\\b'),
      ).after,
    ).toHaveLength(1);
  },
  'validationChecklist.forbidden_markers.patterns[].ignore_case': () => {
    const files = { 'a.ts': '// todo\n' };
    const todo = (m: MetaTemplates) =>
      m.validationChecklist.forbidden_markers.patterns.find((p) => p.id === 'todo')!;
    expect(
      flip(
        (m) => scanned(m, files),
        (m) => (todo(m).ignore_case = true),
      ).after,
    ).toHaveLength(1);
  },
  'validationChecklist.evidence_sections[].id': () =>
    rejected('meta.validation.checklist.yaml', 'id: locked-plan', 'id: plan'),
  'validationChecklist.evidence_sections[].title': () => {
    expect(
      flip(
        (m) => evidenceOf(m).report_sections.map((s) => s.title),
        (m) => (m.validationChecklist.evidence_sections[0]!.title = 'Inputs'),
      ).after[0],
    ).toBe('Inputs');
  },
  'dependencyIntegration.edge_kinds.hard.nx_dependency': () => {
    const root = mkdtempSync(join(tmpdir(), 'l9-meta-fields-'));
    try {
      expect(hardEdgeType(root)).toBe(shipped().dependencyIntegration.edge_kinds.hard.nx_dependency);
      mkdirSync(join(root, 'templates/meta'), { recursive: true });
      writeFileSync(
        join(root, 'templates/meta/meta.dependency.integration.yaml'),
        bundledMetaText('meta.dependency.integration.yaml')!.replace(
          'nx_dependency: static',
          'nx_dependency: implicit',
        ),
      );
      expect(hardEdgeType(root)).toBe('implicit');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

/** Dotted paths of every leaf: `[]` for an array's items, `*` for a feature flag's name. */
function leafPaths(value: unknown, path: string, out: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => leafPaths(item, `${path}[]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value))
      leafPaths(child, `${path}.${path.endsWith('.feature_flags') ? '*' : key}`, out);
  } else out.add(path);
  return out;
}

describe('the fields of the shipped meta templates', () => {
  it('each have a test below that flips them', () => {
    const meta = shipped();
    const leaves = new Set<string>();
    for (const { key } of META_TEMPLATE_FILES) leafPaths(meta[key], key, leaves);
    expect(Object.keys(FLIPS).sort()).toEqual([...leaves].sort());
  });

  it.each(Object.keys(FLIPS))('%s changes what l9 does', (field) => FLIPS[field]!());
});
