import type { Tree } from '@nx/devkit';
import { logger } from '../shared/generator-logger';
import { regenerateEcosystem } from '../shared/regenerate-ecosystem';
import { schemaPaths } from '../shared/schema-paths';
import type { EcosystemGeneratorSchema } from './schema';

/**
 * `nx g l9:ecosystem --schema <file...>`: locks the plan, generates every agent in topological order and
 * the ecosystem project, all in one Tree — so a schema error leaves the workspace untouched.
 */
export async function ecosystemGenerator(tree: Tree, options: EcosystemGeneratorSchema): Promise<void> {
  regenerateEcosystem(tree, {
    schemas: schemaPaths(options.schema, tree.root),
    ...(options.name ? { id: options.name } : {}),
    ...(options.format ? { format: options.format } : {}),
    log: (line) => logger.info(line),
  });
}

export default ecosystemGenerator;
