import { formatFiles, type Tree } from '@nx/devkit';
import { registerSyncGenerator } from '../../generators/init/register-sync-generator';
import { logger } from '../../generators/shared/generator-logger';

/**
 * l9 0.2.0: `nx sync:check` fails when a schema edit was not regenerated, through the `l9:sync` sync
 * generator. A workspace set up by 0.1.0's `l9:init` does not list it in nx.json; this adds it there
 * (keeping the generators already listed), as `l9:init` now does.
 */
export default async function registerSyncGeneratorMigration(tree: Tree): Promise<void> {
  if (!registerSyncGenerator(tree)) return;
  logger.info(
    'l9: nx.json lists l9:sync in sync.globalGenerators; nx sync:check now fails when agents differ from their schema files',
  );
  await formatFiles(tree);
}
