import { bundledMetaText } from './bundled-meta';
import { loadMetaTemplates } from './load-meta-templates';
import { META_TEMPLATE_FILES } from './meta-templates';
import { metaFromValidatedSnapshot, templateDigest } from './validated-meta';
import { validatedMetaFile } from './validated-meta-file';

const bundledText = bundledMetaText;
/** What the package build writes next to the templates. */
const builtSnapshot = (): unknown => JSON.parse(validatedMetaFile(bundledText));

describe('the validated copy of the bundled meta templates the package build writes', () => {
  it('gives what the full loader gives for the unedited templates', () => {
    const loaded = loadMetaTemplates(bundledText, '');
    expect(loaded.diagnostics).toEqual([]);
    expect(metaFromValidatedSnapshot(builtSnapshot(), bundledText)).toEqual(loaded.meta);
  });

  it.each(META_TEMPLATE_FILES.map((t) => t.file))('is not used once %s differs by a single byte', (file) => {
    const edited = (name: string) => (name === file ? `${bundledText(name)!} ` : bundledText(name));
    expect(metaFromValidatedSnapshot(builtSnapshot(), edited)).toBeNull();
  });

  it('is not used when a template is missing', () => {
    expect(
      metaFromValidatedSnapshot(builtSnapshot(), (name) =>
        name === 'meta.codegen.yaml' ? null : bundledText(name),
      ),
    ).toBeNull();
  });

  it('is not used when the file is not a validated copy', () => {
    expect(metaFromValidatedSnapshot(null, bundledText)).toBeNull();
    expect(
      metaFromValidatedSnapshot({ format: 'l9/validated-meta@0', sources: {}, meta: {} }, bundledText),
    ).toBeNull();
    expect(metaFromValidatedSnapshot('{}', bundledText)).toBeNull();
  });

  it('records the digest of each template it was made from', () => {
    const snapshot = builtSnapshot() as { sources: Record<string, string> };
    for (const { file } of META_TEMPLATE_FILES)
      expect(snapshot.sources[file]).toBe(templateDigest(bundledText(file)!));
  });

  it('cannot be made from templates with a problem', () => {
    const broken = (name: string) =>
      name === 'meta.codegen.yaml'
        ? bundledText(name)!.replace('base: 8000', 'base: eighty')
        : bundledText(name);
    expect(() => validatedMetaFile(broken)).toThrow(/meta\.codegen\.yaml:\d+:\d+: error L9M/);
  });
});
