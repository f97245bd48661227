import * as z from 'zod';
import { metaHeader } from './shared-fields';

/** Model of `meta.dependency.integration.yaml`: what a dependency between agents becomes in the Nx graph. */

export const dependencyIntegrationMetaSchema = z.strictObject({
  ...metaHeader('l9/meta-dependency-integration'),
  edge_kinds: z.strictObject({
    hard: z.strictObject({
      /** The Nx project-graph dependency type the plugin's createDependencies emits for a hard edge. */
      nx_dependency: z.enum(['static', 'implicit']),
    }),
  }),
});

export type DependencyIntegrationMeta = z.infer<typeof dependencyIntegrationMetaSchema>;
