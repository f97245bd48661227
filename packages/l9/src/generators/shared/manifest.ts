import { readFileSync } from 'node:fs';
import { sha256Hex } from '@l9/runtime/shared';

export interface ManifestFile {
  /** Relative to the agent project. */
  path: string;
  sha256: string;
  /** Generated files are rewritten on every run; user-owned files were written once and are the user's. */
  ownership: 'generated' | 'user';
}

export interface AgentManifest {
  format: 'l9/manifest@1';
  agent: string;
  id: string;
  /** sha256 of the normalized schema this project was generated from. */
  spec_sha256: string;
  /** The schema files it was generated from, workspace-relative: what `l9:sync` regenerates it from. */
  schemas?: string[];
  /** A standalone agent's port, allocated once so that no two agents of the workspace share one. */
  port?: number;
  /** For a user-owned file: the digest of the default l9 wrote, so tools can tell whether it was edited. */
  files: ManifestFile[];
}

export const MANIFEST_FILE = 'manifest.json';

/** sha256 of a file on disk, or null when it cannot be read (missing). */
export function fileSha256(path: string): string | null {
  try {
    return sha256Hex(readFileSync(path));
  } catch {
    return null;
  }
}

export function renderManifest(manifest: AgentManifest): string {
  const sorted = {
    ...manifest,
    files: [...manifest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/** Reads a previous manifest; anything unreadable counts as no manifest (nothing is then removed). */
export function parseManifest(text: string | null): AgentManifest | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as AgentManifest;
    return value && value.format === 'l9/manifest@1' && Array.isArray(value.files) ? value : null;
  } catch {
    return null;
  }
}
