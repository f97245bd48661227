import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMetaTemplates } from './load-meta-templates';
import { META_TEMPLATE_FILES } from './meta-templates';
import { metaFromValidatedSnapshot, templateDigest, VALIDATED_META_FILE } from './validated-meta';
import { validatedMetaFile } from './validated-meta-file';

const BUNDLED = join(__dirname, '..', '..', 'meta');
const bundledText = (file: string): string | null => {
  try {
    return readFileSync(join(BUNDLED, file), 'utf8');
  } catch {
    return null;
  }
};
const committedSnapshot = (): unknown => JSON.parse(readFileSync(join(BUNDLED, VALIDATED_META_FILE), 'utf8'));

describe('the validated copy of the bundled meta templates', () => {
  it('is committed exactly as the loader validates the templates (run tools/emit-validated-meta.ts after editing one)', () => {
    expect(readFileSync(join(BUNDLED, VALIDATED_META_FILE), 'utf8')).toBe(validatedMetaFile(bundledText));
  });

  it('gives what the full loader gives for the unedited templates', () => {
    const loaded = loadMetaTemplates(bundledText, '');
    expect(loaded.diagnostics).toEqual([]);
    expect(metaFromValidatedSnapshot(committedSnapshot(), bundledText)).toEqual(loaded.meta);
  });

  it.each(META_TEMPLATE_FILES.map((t) => t.file))('is not used once %s differs by a single byte', (file) => {
    const edited = (name: string) => (name === file ? `${bundledText(name)!} ` : bundledText(name));
    expect(metaFromValidatedSnapshot(committedSnapshot(), edited)).toBeNull();
  });

  it('is not used when a template is missing', () => {
    expect(metaFromValidatedSnapshot(committedSnapshot(), (name) => (name === 'meta.codegen.yaml' ? null : bundledText(name)))).toBeNull();
  });

  it('is not used when the file is not a validated copy', () => {
    expect(metaFromValidatedSnapshot(null, bundledText)).toBeNull();
    expect(metaFromValidatedSnapshot({ format: 'l9/validated-meta@0', sources: {}, meta: {} }, bundledText)).toBeNull();
    expect(metaFromValidatedSnapshot('{}', bundledText)).toBeNull();
  });

  it('records the digest of each template it was made from', () => {
    const snapshot = committedSnapshot() as { sources: Record<string, string> };
    for (const { file } of META_TEMPLATE_FILES) expect(snapshot.sources[file]).toBe(templateDigest(bundledText(file)!));
  });

  it('cannot be made from templates with a problem', () => {
    const broken = (name: string) => (name === 'meta.codegen.yaml' ? bundledText(name)!.replace('base: 8000', 'base: eighty') : bundledText(name));
    expect(() => validatedMetaFile(broken)).toThrow(/meta\.codegen\.yaml:\d+:\d+: error L9M/);
  });
});
