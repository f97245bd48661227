import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetMatrixResults, readMatrixResults } from './matrix-results';

const ECO = 'agents/demo-ecosystem';
const leg = (failures: string[] = []) => ({ status: failures.length ? 'failed' : 'passed', failures });
const pair = (source: string, destination: string, passed: boolean, restFailures: string[] = []) => ({
  source,
  destination,
  backends: 'embedded',
  rest: leg(restFailures),
  stream: leg(),
  escalation: leg(),
  a2a: leg(),
  lineage: leg(),
  passed,
});

describe('reading what the integration matrix recorded', () => {
  let root: string;
  const write = (path: string, value: unknown) => {
    mkdirSync(join(root, ECO, path, '..'), { recursive: true });
    writeFileSync(join(root, ECO, path), JSON.stringify(value));
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'l9-matrix-results-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('counts the finished matrix per sending agent and names each failed pair run with its failed legs', () => {
    write('.l9/integration.json', {
      format: 'l9/integration@1',
      pairs: [pair('alpha', 'beta', true), pair('beta', 'alpha', false, ['status 500 from /alpha/packets'])],
    });
    expect(readMatrixResults(root, ECO)).toEqual({
      file: `${ECO}/.l9/integration.json`,
      recorded: true,
      bySource: { alpha: { passed: 1, total: 1 }, beta: { passed: 0, total: 1 } },
      failedPairs: ['beta → alpha (embedded): rest: status 500 from /alpha/packets'],
    });
  });

  it('reads an unfinished matrix from the pair tasks that did record, and says it was not recorded', () => {
    write('.l9/integration/pairs/alpha--beta.json', {
      format: 'l9/integration-pair@1',
      agents: ['alpha', 'beta'],
      runs: [
        {
          backends: 'embedded',
          pairs: [pair('alpha', 'beta', true), pair('beta', 'alpha', false, ['timed out'])],
        },
      ],
    });
    const results = readMatrixResults(root, ECO);
    expect(results).toMatchObject({
      recorded: false,
      bySource: { alpha: { passed: 1, total: 1 }, beta: { passed: 0, total: 1 } },
      failedPairs: ['beta → alpha (embedded): rest: timed out'],
    });
  });

  it('reads nothing after forgetting an earlier run, so a matrix that does not run now is not taken for the old one', () => {
    write('.l9/integration.json', { pairs: [pair('alpha', 'beta', true)] });
    write('.l9/integration/pairs/alpha--beta.json', { runs: [{ pairs: [pair('alpha', 'beta', true)] }] });
    forgetMatrixResults(root, ECO);
    expect(readMatrixResults(root, ECO)).toEqual({
      file: `${ECO}/.l9/integration.json`,
      recorded: false,
      bySource: {},
      failedPairs: [],
    });
  });
});
