import { readFileSync } from 'node:fs';
import { dirname, basename, join, relative, resolve, isAbsolute } from 'node:path';
import { parseCommandLine } from '../command-line';
import { isWorkspaceRelativePosix } from './evidence-fields';
import { verifyEvidence, type TamperedFile } from './verify-evidence';

export interface CliIo {
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const USAGE =
  'usage: verify-evidence <evidence_statement.json> [--key <public key pem>] [--root <workspace root>]';

/** The public key written next to a statement: `evidence_statement.json` → `evidence_statement.pub.pem`. */
export function publicKeyPathFor(statementPath: string): string {
  return join(dirname(statementPath), `${basename(statementPath).replace(/\.json$/, '')}.pub.pem`);
}

interface CliArgs {
  statement: string;
  key?: string;
  root?: string;
}

function parseVerifyArgs(argv: readonly string[]): CliArgs | string {
  let parsed;
  try {
    parsed = parseCommandLine(
      argv,
      { key: { type: 'string' }, root: { type: 'string' } },
      (problem) => new Error(problem),
    );
  } catch (error) {
    return (error as Error).message;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    return positionals.length === 0
      ? 'the path of the signed statement is required'
      : `one statement at a time, got ${positionals.length}`;
  return {
    statement: positionals[0]!,
    ...(values.key ? { key: values.key } : {}),
    ...(values.root ? { root: values.root } : {}),
  };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/**
 * `verify-evidence`: checks the signature of a statement and the digest of every file it names, files
 * read from the workspace root (the current directory unless `--root`). Exit 0 when everything matches,
 * 1 when the signature or a file does not, 2 when the command was used wrongly or an input is unreadable.
 */
export function runVerifyEvidence(argv: readonly string[], io: CliIo): number {
  const args = parseVerifyArgs(argv);
  if (typeof args === 'string') {
    io.stderr.write(`verify-evidence: ${args}\n${USAGE}\n`);
    return 2;
  }
  return verifyEvidenceFiles(
    {
      statement: resolve(io.cwd, args.statement),
      ...(args.key ? { key: resolve(io.cwd, args.key) } : {}),
      root: resolve(io.cwd, args.root ?? '.'),
    },
    io,
  );
}

/** What `verify-evidence` checks, as absolute paths; the key defaults to the one written next to the statement. */
export interface EvidenceFiles {
  statement: string;
  key?: string;
  root: string;
}

/** The check behind the command and the verify-evidence executor; exit code as the command's. */
export function verifyEvidenceFiles(files: EvidenceFiles, io: Pick<CliIo, 'stdout' | 'stderr'>): number {
  const { statement: statementPath, root } = files;
  const keyPath = files.key ?? publicKeyPathFor(statementPath);
  let signedStatement: unknown;
  let publicKeyPem: string;
  try {
    const text = readText(statementPath, 'signed statement');
    try {
      signedStatement = JSON.parse(text);
    } catch (error) {
      throw new Error(`${statementPath} is not JSON: ${(error as Error).message}`);
    }
    publicKeyPem = readText(keyPath, 'public key');
  } catch (error) {
    io.stderr.write(`verify-evidence: ${(error as Error).message}\n`);
    return 2;
  }

  const result = verifyEvidence({
    signedStatement,
    publicKeyPem,
    readFile: (path) => readInside(root, path),
  });
  if (result.ok) {
    io.stdout.write(`OK: ${result.files_verified} files verified, signature valid\n`);
    return 0;
  }
  for (const error of result.errors) io.stdout.write(`error: ${error}\n`);
  if (result.errors.length === 0 && !result.signature_ok)
    io.stdout.write(
      `signature INVALID: the statement was changed after signing or not signed by the key in ${keyPath}\n`,
    );
  for (const t of result.tampered) io.stdout.write(`${describeTampered(t)}\n`);
  const userChanges = result.tampered.filter((t) => t.ownership === 'user').length;
  if (userChanges > 0 && userChanges === result.tampered.length && result.signature_ok) {
    io.stdout.write(
      `only user-owned files changed since signing (${userChanges}); run the evidence target again to sign what they hold now\n`,
    );
  }
  return 1;
}

/**
 * One line per file that differs: a generated file is reported as changed (tampered with: l9 rewrites it,
 * nobody edits it), a user-owned file such as a domain module as a user change made after signing.
 */
function describeTampered(t: TamperedFile): string {
  const found = t.actual === 'missing' ? 'missing' : `found ${t.actual}`;
  if (t.ownership === 'user')
    return `user change: ${t.path} (user-owned, edited after signing; expected sha256 ${t.expected}, ${found})`;
  return t.actual === 'missing'
    ? `missing: ${t.path} (expected sha256 ${t.expected})`
    : `changed: ${t.path} (generated file; expected sha256 ${t.expected}, found ${t.actual})`;
}

/** A subject's bytes from under the workspace root; names that would leave it read as missing. */
function readInside(root: string, path: string): Buffer | null {
  if (!isWorkspaceRelativePosix(path)) return null;
  const full = resolve(root, path);
  const inside = relative(root, full);
  if (inside.startsWith('..') || isAbsolute(inside)) return null;
  try {
    return readFileSync(full);
  } catch {
    return null;
  }
}
