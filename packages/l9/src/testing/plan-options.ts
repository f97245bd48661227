import { AGENTS_DIR, type PlanEcosystemOptions } from '../plan';
import { TEST_LIMITS } from './reference-inputs';

/** Plan options for tests that exercise ingest and ordering, independent of the meta templates on disk. */
export const TEST_PLAN_OPTIONS: PlanEcosystemOptions = {
  limits: TEST_LIMITS,
  strict: false,
  agentsDir: AGENTS_DIR,
  portBase: 8000,
  steps: [
    { id: 'agent-yaml', path: 'agent.yaml', each: 'once', ownership: 'generated' },
    { id: 'modules', path: 'src/modules/{module}.ts', each: 'module', ownership: 'by-role' },
    { id: 'docs', path: 'docs/{doc}', each: 'doc', ownership: 'generated' },
  ],
  roleOf: (source) => (/bridge|controller/.test(source) ? 'infrastructure' : null),
};
