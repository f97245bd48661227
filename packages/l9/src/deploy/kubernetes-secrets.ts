import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeployError } from './deployment-plan';
import {
  AGENT_KEYS,
  agentSecretName,
  ANCHORS_KEY,
  anchorsSecretName,
  SHARED_KEYS,
  sharedSecretName,
} from './secret-layout';
import { newSecretSet } from './secret-set';

/** A Secret manifest as `kubectl create -f -` reads it (`stringData`: the API server encodes it). */
export interface SecretManifest {
  apiVersion: 'v1';
  kind: 'Secret';
  type: 'Opaque';
  metadata: { name: string; labels: Record<string, string> };
  stringData: Record<string, string>;
}

function secret(name: string, ecosystemId: string, stringData: Record<string, string>): SecretManifest {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name,
      labels: { 'app.kubernetes.io/part-of': ecosystemId, 'app.kubernetes.io/managed-by': 'l9' },
    },
    stringData,
  };
}

/** The backend URLs as the cluster reaches them; both are required, and named when missing. */
export function backendUrls(env: NodeJS.ProcessEnv): { postgresUrl: string; redisUrl: string } {
  const missing = ['L9_POSTGRES_URL', 'L9_REDIS_URL'].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new DeployError(
      `${missing.join(' and ')} must be set to the URL${missing.length > 1 ? 's' : ''} the agents reach ${missing.length > 1 ? 'their backends' : 'it'} at from inside the cluster (for example L9_POSTGRES_URL=postgres://l9:<password>@postgres:5432/l9 L9_REDIS_URL=redis://redis:6379)`,
    );
  }
  return { postgresUrl: env['L9_POSTGRES_URL']!, redisUrl: env['L9_REDIS_URL']! };
}

/**
 * The Secrets one ecosystem's Deployments read (layout in secret-layout.ts), with fresh keys: `<ecosystem>-shared`
 * (packet secret and backend URLs) and `<agent>-keys` for each agent. Creating them is left to whoever must
 * keep an existing one: an audit key that changes no longer verifies the log it wrote.
 */
export function kubernetesSecrets(
  ecosystemId: string,
  agentIds: readonly string[],
  env: NodeJS.ProcessEnv,
): SecretManifest[] {
  const { postgresUrl, redisUrl } = backendUrls(env);
  const set = newSecretSet(agentIds);
  return [
    secret(sharedSecretName(ecosystemId), ecosystemId, {
      [SHARED_KEYS.packetSecret]: set.packetSecret,
      [SHARED_KEYS.postgresUrl]: postgresUrl,
      [SHARED_KEYS.redisUrl]: redisUrl,
    }),
    ...agentIds.map((id) => {
      const own = set.agents[id]!;
      return secret(agentSecretName(id), ecosystemId, {
        [AGENT_KEYS.auditKey]: own.auditKey,
        [AGENT_KEYS.auditSigningKey]: own.auditSigningKeyPem,
        [AGENT_KEYS.agentSigningKey]: own.agentSigningKeyPem,
      });
    }),
  ];
}

/** `<ecosystem>-anchors` from the ecosystem's anchors file, as it is now. */
export function anchorsSecret(ecosystemId: string, ecosystemRoot: string): SecretManifest {
  const path = join(ecosystemRoot, ANCHORS_KEY);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DeployError(
      `${path}: cannot read the anchors file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); regenerate the ecosystem with nx g l9:ecosystem`,
    );
  }
  return secret(anchorsSecretName(ecosystemId), ecosystemId, { [ANCHORS_KEY]: text });
}
