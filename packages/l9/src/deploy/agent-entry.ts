/**
 * Where a deployed agent runs from, relative to its project: one JavaScript file that `bundleAgents` builds
 * from `src/main.ts` (git and the Nx inputs leave `.l9/` out). Running it takes about half the memory of
 * running the sources through a TypeScript loader, and starts in less than half the time.
 */
export const AGENT_BUNDLE = '.l9/bundle/main.js';

/**
 * How a deployed agent is started inside its project folder, by `deploy`, the integration matrix, the
 * generated compose file and Kubernetes manifests alike; the source map keeps stack traces on the
 * TypeScript lines.
 */
export const AGENT_COMMAND: readonly string[] = ['node', '--enable-source-maps', AGENT_BUNDLE];
