import { readdirSync, readFileSync, statSync, type Mode } from 'node:fs';
import { isAbsolute, join, posix, relative } from 'node:path';
import type { FileChange, Tree } from '@nx/devkit';

type TreeWriteOptions = Parameters<Tree['write']>[2];
type Pending = { content: Buffer; mode?: Mode } | 'deleted';

/**
 * An Nx `Tree` over a workspace folder whose writes stay in memory: reads see the folder with the pending
 * changes on top, and nothing is ever written to disk. The `validate` executor regenerates an agent in one to
 * compare it with the files on disk. Nx's own file-backed tree (`FsTree`) does the same but is not part of
 * `@nx/devkit`'s public exports, so this keeps the small part a read-only regeneration needs.
 */
export class OverlayTree implements Tree {
  private readonly pending = new Map<string, Pending>();

  constructor(readonly root: string) {}

  /** Workspace-relative POSIX path; a path leaving the workspace is a caller bug. */
  private normalize(filePath: string): string {
    const rel = isAbsolute(filePath) ? relative(this.root, filePath) : filePath;
    const normal = posix.normalize(rel.split('\\').join('/')).replace(/^(\.\/)+|\/+$/g, '');
    if (normal === '..' || normal.startsWith('../'))
      throw new Error(`${filePath} is outside the workspace ${this.root}`);
    return normal === '.' ? '' : normal;
  }

  private onDisk(path: string): 'file' | 'dir' | null {
    try {
      const stat = statSync(join(this.root, path));
      return stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : null;
    } catch {
      return null;
    }
  }

  read(filePath: string): Buffer | null;
  read(filePath: string, encoding: BufferEncoding): string | null;
  read(filePath: string, encoding?: BufferEncoding): Buffer | string | null {
    const path = this.normalize(filePath);
    const change = this.pending.get(path);
    let content: Buffer | null;
    if (change === 'deleted') content = null;
    else if (change) content = change.content;
    else content = this.onDisk(path) === 'file' ? readFileSync(join(this.root, path)) : null;
    return content === null || encoding === undefined ? content : content.toString(encoding);
  }

  write(filePath: string, content: Buffer | string, options?: TreeWriteOptions): void {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    this.pending.set(this.normalize(filePath), {
      content: bytes,
      ...(options?.mode !== undefined ? { mode: options.mode } : {}),
    });
  }

  isFile(filePath: string): boolean {
    const path = this.normalize(filePath);
    const change = this.pending.get(path);
    if (change) return change !== 'deleted';
    return this.onDisk(path) === 'file';
  }

  exists(filePath: string): boolean {
    const path = this.normalize(filePath);
    return this.isFile(path) || this.onDisk(path) === 'dir' || this.children(path).length > 0;
  }

  delete(filePath: string): void {
    const path = this.normalize(filePath);
    for (const child of this.children(path)) this.delete(path === '' ? child : `${path}/${child}`);
    if (this.isFile(path)) this.pending.set(path, 'deleted');
  }

  rename(from: string, to: string): void {
    const content = this.read(from);
    if (content === null) throw new Error(`cannot rename ${from}: no such file`);
    this.delete(from);
    this.write(to, content);
  }

  children(dirPath: string): string[] {
    const dir = this.normalize(dirPath);
    const prefix = dir === '' ? '' : `${dir}/`;
    const names = new Set<string>();
    if (this.onDisk(dir) === 'dir') {
      for (const name of readdirSync(join(this.root, dir))) {
        const path = `${prefix}${name}`;
        if (this.pending.get(path) !== 'deleted') names.add(name);
      }
    }
    for (const [path, change] of this.pending) {
      if (change === 'deleted' || !path.startsWith(prefix)) continue;
      names.add(path.slice(prefix.length).split('/')[0]!);
    }
    return [...names].sort();
  }

  listChanges(): FileChange[] {
    const changes: FileChange[] = [];
    for (const [path, change] of [...this.pending].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const existed = this.onDisk(path) === 'file';
      if (change === 'deleted') {
        if (existed) changes.push({ path, type: 'DELETE', content: null });
      } else if (
        !existed ||
        !readFileSync(join(this.root, path)).equals(change.content) ||
        change.mode !== undefined
      ) {
        changes.push({
          path,
          type: existed ? 'UPDATE' : 'CREATE',
          content: change.content,
          ...(change.mode !== undefined ? { options: { mode: change.mode } } : {}),
        });
      }
    }
    return changes;
  }

  changePermissions(filePath: string, mode: Mode): void {
    const content = this.read(filePath);
    if (content === null) throw new Error(`cannot change the permissions of ${filePath}: no such file`);
    this.write(filePath, content, { mode });
  }
}
