import { rmSync } from 'node:fs';
import { E2E_RUN, type E2eRun } from './global-setup';
import { disposeTemplateWorkspace } from './support/template-workspace';

export default async function globalTeardown(): Promise<void> {
  const run = (globalThis as Record<symbol, E2eRun | undefined>)[E2E_RUN];
  if (!run) return;
  disposeTemplateWorkspace(run.template);
  rmSync(run.packs, { recursive: true, force: true });
  await run.registry.stop();
}
