/**
 * Where a deployed agent runs from, relative to its project: one JavaScript file that `bundleAgents` builds
 * from `src/main.ts` (git and the Nx inputs leave `.l9/` out). Against running the sources through a
 * TypeScript loader it takes about 40 % less memory and two thirds of the start time (tools/bench/agent-start.ts).
 */
export const AGENT_BUNDLE_DIR = '.l9/bundle';
export const AGENT_BUNDLE = `${AGENT_BUNDLE_DIR}/main.js`;

/** Beside a bundle: the record of the sources it was built from (see bundle-record.ts). */
export const BUNDLE_RECORD = `${AGENT_BUNDLE_DIR}/sources.json`;

/**
 * The ecosystem project's bundle: every member agent's `createAgent` over one copy of the runtime, so several
 * agents run in one node process (`deploy --host=one-process`, the integration matrix's `host` option). It reads
 * which members to run, each with its own environment, as JSON on stdin (see @l9/runtime's runAgentHost).
 */
export const HOST_BUNDLE = `${AGENT_BUNDLE_DIR}/host.js`;
export const HOST_NODE_ARGUMENTS: readonly string[] = ['--enable-source-maps', HOST_BUNDLE];

/**
 * How a deployed agent is started inside its project folder, by `deploy`, the integration matrix, the
 * generated compose file and Kubernetes manifests alike; the source map keeps stack traces on the
 * TypeScript lines.
 *
 * `--max-semi-space-size=2` (MiB) caps V8's young generation, which start-up otherwise grows to its 16 MiB
 * default and keeps. Measured by `npm run bench:memory` (TensorAIOS, two runs of 3, both commands taking turns
 * in each): RSS idle 96.1 -> 81.7 and 96.5 -> 82.0 MiB; peak under A2A load 125.7 -> 110.4 and 116.9 -> 90.3 MiB;
 * under /packets load 125.5 -> 105.6 and 103.4 -> 94.1 MiB. The price is more frequent young collections: CPU
 * time per call against the default was 0.80x (A2A) and 0.91x (/packets) in one run, 1.18x and 1.11x in the other,
 * on a machine shared with other work; so up to about 15 % more CPU per call for some 15 % less memory.
 *
 * `--max-old-space-size=384` (MiB) bounds the old generation below the 512Mi limit the generated Kubernetes
 * manifests give an agent's container, so V8 collects before the kernel's OOM killer would act, and with it V8's
 * heap-growth factor: on a large machine V8 lets the old space grow to about four times what is live before a full
 * collection, with this bound about 1.5 times (V8's MemoryController scales the factor with the heap limit). What
 * an agent keeps is bounded far below it (replay cache 16 MiB, 10,000 records per in-memory layer, the replay
 * guard's claims of one window). `npm run bench:memory` with L9_BENCH_AGENT_FLAGS=--max-old-space-size=384, same
 * run, load 1.8–2.0: peak under A2A load 140.0 -> 93.7 MiB, under /packets load 145.4 -> 115.1 MiB at 22–27k calls
 * each; CPU per call 1.06x (A2A) and 0.90x (/packets).
 */
export const AGENT_NODE_ARGUMENTS: readonly string[] = [
  '--enable-source-maps',
  '--max-semi-space-size=2',
  '--max-old-space-size=384',
  AGENT_BUNDLE,
];

/** The same with the executable, as compose and Kubernetes spell a container's command. */
export const AGENT_COMMAND: readonly string[] = ['node', ...AGENT_NODE_ARGUMENTS];

/** Where the agent projects sit inside the image (the generated Dockerfile copies the workspace there). */
export const IMAGE_WORKSPACE = '/workspace';
