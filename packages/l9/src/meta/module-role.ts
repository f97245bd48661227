import type { CodegenMeta, ModuleRole } from './codegen-meta';

/** `governance_bridge.py` → `governance_bridge`; `core/__init__.py` → `__init__`. */
function stemOf(fileName: string): string {
  const base = fileName.trim().split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).toLowerCase();
}

/** Compiled patterns: roles are looked up for every module of every agent, the patterns never change. */
const compiled = new Map<string, RegExp>();

function patternToRegExp(pattern: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached) return cached;
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${body}$`);
  compiled.set(pattern, regex);
  return regex;
}

/** Roles already looked up, per rule list: the plan and every renderer ask about the same few modules again and again. */
const lookedUp = new WeakMap<CodegenMeta['module_roles'], Map<string, ModuleRole | null>>();

/**
 * The infrastructure role of a `generatefiles` entry under the template's `module_roles` rules (first
 * match wins), or null for a domain module.
 */
export function roleForModule(fileName: string, meta: Pick<CodegenMeta, 'module_roles'>): ModuleRole | null {
  const stem = stemOf(fileName);
  if (stem === '') return null;
  let known = lookedUp.get(meta.module_roles);
  if (!known) lookedUp.set(meta.module_roles, (known = new Map()));
  if (known.has(stem)) return known.get(stem)!;
  const role =
    meta.module_roles.find((rule) => rule.patterns.some((pattern) => patternToRegExp(pattern).test(stem)))
      ?.role ?? null;
  known.set(stem, role);
  return role;
}
