/** Options of the l9 plugin in nx.json; every target name can be changed. */
export interface L9PluginOptions {
  validateTargetName?: string;
  verifyTargetName?: string;
  evidenceTargetName?: string;
  serveTargetName?: string;
  typecheckTargetName?: string;
  bundleTargetName?: string;
  /** The target that runs the agent's Jest tests: the one @nx/jest/plugin infers from its jest.config.cjs. */
  testTargetName?: string;
}

export type TargetNames = Required<L9PluginOptions>;

export function targetNames(options: L9PluginOptions | undefined): TargetNames {
  return {
    validateTargetName: options?.validateTargetName ?? 'validate',
    verifyTargetName: options?.verifyTargetName ?? 'verify',
    evidenceTargetName: options?.evidenceTargetName ?? 'evidence',
    serveTargetName: options?.serveTargetName ?? 'serve',
    typecheckTargetName: options?.typecheckTargetName ?? 'typecheck',
    bundleTargetName: options?.bundleTargetName ?? 'bundle',
    testTargetName: options?.testTargetName ?? 'test',
  };
}
