import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Preloaded into every Node process of a command (NODE_OPTIONS): the first time a process loads @jest/core,
 * the engine of a Jest run (the CLI's and runCLI's, never a test worker's), it appends its working folder
 * to the file the variable names. One line per Jest run, however the run was started.
 */
const PRELOAD = `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const load = Module._load;
let recorded = false;
Module._load = function (request, ...rest) {
  if (!recorded && request === '@jest/core') {
    recorded = true;
    appendFileSync(process.env.L9_E2E_JEST_RUNS, process.cwd() + '\\n');
  }
  return load.call(this, request, ...rest);
};
`;

export interface JestRunLog {
  /** The environment that makes a command's processes record their Jest runs. */
  env: NodeJS.ProcessEnv;
  /** The working folders of the Jest runs recorded since the last call, sorted; clears the log. */
  take(): string[];
}

/** A log of Jest runs kept in `dir`. */
export function jestRunLog(dir: string): JestRunLog {
  const preload = join(dir, 'count-jest-runs.cjs');
  const log = join(dir, 'jest-runs.log');
  writeFileSync(preload, PRELOAD);
  return {
    env: { NODE_OPTIONS: `--require=${preload}`, L9_E2E_JEST_RUNS: log },
    take: () => {
      const runs = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).sort() : [];
      writeFileSync(log, '');
      return runs;
    },
  };
}
