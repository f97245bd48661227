import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAgentProject } from '../shared/agent-project';
import { contextFor, scratchWorkspace } from '../testing/scratch-workspace';
import { GeneratedValuesError, generatedExports } from './generated-values';
import { recursiveVerification } from './verify-checks';

const AGENT = 'tensoraios';

/** contract.ts and config.ts laid out as a formatter might: single quotes, bare keys, one entry a line. */
function reformat(source: string): string {
  return source
    .replace(/"([A-Za-z_][A-Za-z0-9_]*)": /g, '$1: ')
    .replace(/"((?:[^"\\\n]|\\.)*)"/g, (_all, body: string) => `'${body.replace(/'/g, "\\'")}'`)
    .replace(/\[\n\s*/g, '[ ')
    .replace(/,\n\s*/g, ', ');
}

describe('verify reads the generated contract and blueprint as values', () => {
  let scratch: ReturnType<typeof scratchWorkspace>;
  const file = (path: string) => join(scratch.root, 'agents', AGENT, path);
  beforeEach(() => {
    scratch = scratchWorkspace([AGENT]);
  });
  afterEach(() => scratch.dispose());

  it('finds the same endpoints and blueprint however the files are formatted, and every check still passes', () => {
    const before = generatedExports(scratch.root, `agents/${AGENT}/src/generated/config.ts`);
    for (const name of ['contract.ts', 'config.ts']) {
      const text = readFileSync(file(`src/generated/${name}`), 'utf8');
      writeFileSync(file(`src/generated/${name}`), reformat(text));
      expect(readFileSync(file(`src/generated/${name}`), 'utf8')).not.toBe(text);
    }
    expect(generatedExports(scratch.root, `agents/${AGENT}/src/generated/config.ts`)).toEqual(before);
    const project = loadAgentProject(contextFor(scratch.root, [AGENT], AGENT));
    expect(recursiveVerification(project).filter((c) => !c.passed)).toEqual([]);
  });

  it('sees an anchor changed in the blueprint', () => {
    const config = readFileSync(file('src/generated/config.ts'), 'utf8');
    writeFileSync(
      file('src/generated/config.ts'),
      config.replace('"System Oversight Committee"', '"Nobody"'),
    );
    const project = loadAgentProject(contextFor(scratch.root, [AGENT], AGENT));
    const failed = recursiveVerification(project).filter((c) => !c.passed);
    expect(failed.map((c) => c.id)).toEqual(['governance-anchors']);
    expect(failed[0]!.evidence[0]!.detail).toContain('"Nobody"');
  });

  it('refuses a contract that imports a package at run time, naming the file and the import', () => {
    const contract = readFileSync(file('src/generated/contract.ts'), 'utf8');
    writeFileSync(
      file('src/generated/contract.ts'),
      `import { serveAgent } from '@l9/runtime';\nexport const serve = serveAgent;\n${contract}`,
    );
    expect(() => generatedExports(scratch.root, `agents/${AGENT}/src/generated/contract.ts`)).toThrow(
      new GeneratedValuesError(
        `agents/${AGENT}/src/generated/contract.ts imports @l9/runtime at run time; a generated data module imports only types from packages`,
      ),
    );
    const project = loadAgentProject(contextFor(scratch.root, [AGENT], AGENT));
    const routes = recursiveVerification(project).find((c) => c.id === 'endpoints-routed')!;
    expect(routes.passed).toBe(false);
    expect(routes.evidence[0]!.detail).toMatch(/^no endpoint table: .*imports @l9\/runtime at run time/);
  });

  it('names a missing file', () => {
    expect(() => generatedExports(scratch.root, `agents/${AGENT}/src/generated/absent.ts`)).toThrow(
      `agents/${AGENT}/src/generated/absent.ts is missing`,
    );
  });
});
