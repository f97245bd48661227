import type { RenderedFile } from '../../write-agent-project';
import type { EcosystemRenderContext } from './ecosystem-files';
import { deployScriptName, renderDeployScript } from './deploy-script';
import { renderDockerCompose } from './docker-compose';
import { renderDockerfile, renderDockerignore } from './dockerfile';
import { renderKubernetesManifests } from './kubernetes-manifests';
import { renderSecretsScript, secretsScriptName } from './secrets-script';

/** The ecosystem's `deploy/` folder: the local script, the secrets script, docker compose with its image, Kubernetes manifests. */
export function renderDeployFiles(ctx: EcosystemRenderContext): RenderedFile[] {
  return [
    {
      path: `deploy/${deployScriptName(ctx.id)}`,
      content: renderDeployScript(ctx),
      ownership: 'generated',
      mode: '755',
    },
    {
      path: `deploy/${secretsScriptName(ctx.id)}`,
      content: renderSecretsScript(ctx),
      ownership: 'generated',
      mode: '755',
    },
    { path: 'deploy/docker-compose.yml', content: renderDockerCompose(ctx), ownership: 'generated' },
    { path: 'deploy/Dockerfile', content: renderDockerfile(ctx), ownership: 'generated' },
    { path: 'deploy/Dockerfile.dockerignore', content: renderDockerignore(), ownership: 'generated' },
    ...renderKubernetesManifests(ctx).map((file): RenderedFile => ({ ...file, ownership: 'generated' })),
  ];
}
