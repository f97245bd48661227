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
  /**
   * Up to how many agents an ecosystem's integration matrix is split into one cacheable task per pair of
   * agents (see integration-targets.ts); a larger ecosystem keeps the one `integration` task, and 0 keeps it
   * always. Default 30 (DEFAULT_INTEGRATION_PAIRS_UP_TO).
   */
  integrationPairsUpTo?: number;
}

export type TargetNames = Required<Omit<L9PluginOptions, 'integrationPairsUpTo'>>;

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
