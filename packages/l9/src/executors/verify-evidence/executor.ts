import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { verifyEvidenceFiles } from '../../evidence';

export interface VerifyEvidenceOptions {
  /** The signed statement, relative to the workspace; default `dist/l9/<project>/evidence/evidence_statement.json`. */
  statement?: string;
}

/** `l9:verify-evidence`: checks the signature and every digest against the files on disk; names what changed. */
export default async function verifyEvidenceExecutor(
  options: VerifyEvidenceOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const statement = options.statement ?? `dist/l9/${context.projectName}/evidence/evidence_statement.json`;
  const code = verifyEvidenceFiles(
    { statement: join(context.root, statement), root: context.root },
    { stdout: process.stdout, stderr: process.stderr },
  );
  return { success: code === 0 };
}
