import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as main from '../index';
import * as shared from './index';

const runtimeSrc = join(__dirname, '..');

/** Every module specifier a TypeScript file imports or re-exports, type-only ones included. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [
    ...text.matchAll(/\bfrom\s+'([^']+)'/g),
    ...text.matchAll(/\b(?:require|import)\(\s*'([^']+)'\s*\)/g),
  ];
  return found.map((match) => match[1]!);
}

function resolveRelative(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  const candidate = [`${base}.ts`, join(base, 'index.ts')].find((path) => existsSync(path));
  if (!candidate)
    throw new Error(`${relative(runtimeSrc, from)} imports ${specifier}, which is not a .ts file`);
  return candidate;
}

/** The files `@l9/runtime/shared` loads and every package specifier among their imports. */
function closure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of specifiers(file)) {
      if (specifier.startsWith('.')) pending.push(resolveRelative(file, specifier));
      else packages.add(`${relative(runtimeSrc, file)}: ${specifier}`);
    }
  }
  return {
    files: [...files].map((file) => relative(runtimeSrc, file)).sort(),
    packages: [...packages].sort(),
  };
}

describe('@l9/runtime/shared', () => {
  it('loads Node built-ins only, so the l9 plugin can import it without the server, store and protocol libraries', () => {
    const { files, packages } = closure(join(__dirname, 'index.ts'));
    expect(files).toContain('envelope/canonical-json.ts');
    expect(files).toContain('governance/escalation-policy-parser.ts');
    expect(packages.filter((entry) => !/: node:[a-z_/]+$/.test(entry))).toEqual([]);
  });

  it('is the same code as the main entry, not a copy', () => {
    expect(shared.canonicalize).toBe(main.canonicalize);
    expect(shared.canonicalSha256).toBe(main.canonicalSha256);
    expect(shared.parseEscalationPolicy).toBe(main.parseEscalationPolicy);
  });
});
