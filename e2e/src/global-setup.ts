import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRegistry, publish, REGISTRY_VARIABLE, type LocalRegistry } from './support/local-registry';
import { buildAndPack, PACKS_VARIABLE } from './support/packed-packages';
import {
  createTemplateWorkspace,
  disposeTemplateWorkspace,
  TEMPLATE_VARIABLE,
} from './support/template-workspace';

/** What global-teardown stops and removes; Jest runs both in one context, so a global carries it across. */
export interface E2eRun {
  registry: LocalRegistry;
  packs: string;
  template: string;
}

export const E2E_RUN = Symbol.for('l9.e2e.run');

/**
 * Once for every spec file: a local registry (Verdaccio) holding the packed l9 and @l9/runtime, and one
 * workspace made by create-nx-workspace from that registry, which the spec files copy. create-nx-workspace
 * (mostly waiting on the network) runs while the packages build.
 */
export default async function globalSetup(): Promise<void> {
  const packs = mkdtempSync(join(tmpdir(), 'l9-e2e-packs-'));
  const registry = await startLocalRegistry().catch((error: unknown) => {
    rmSync(packs, { recursive: true, force: true });
    throw error;
  });
  const template = createTemplateWorkspace(registry.url);
  try {
    const packed = buildAndPack(packs);
    writeFileSync(join(packs, 'packs.json'), JSON.stringify(packed));
    writeFileSync(join(packs, 'registry.json'), JSON.stringify({ url: registry.url, npmrc: registry.npmrc }));
    // The runtime first: l9 depends on it at the same version, so the registry never holds an l9 it cannot satisfy.
    publish(registry, packed.runtime);
    publish(registry, packed.l9);
    const workspace = await template;
    (globalThis as Record<symbol, E2eRun>)[E2E_RUN] = { registry, packs, template: workspace };
    process.env[PACKS_VARIABLE] = packs;
    process.env[REGISTRY_VARIABLE] = join(packs, 'registry.json');
    process.env[TEMPLATE_VARIABLE] = workspace;
  } catch (error) {
    // create-nx-workspace is left to finish (or fail) before anything is removed from under it.
    const [created] = await Promise.allSettled([template]);
    if (created.status === 'fulfilled') disposeTemplateWorkspace(created.value);
    await registry.stop();
    rmSync(packs, { recursive: true, force: true });
    throw error;
  }
}
