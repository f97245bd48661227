/**
 * Where a deployment keeps each secret, shared by the generated compose file and Kubernetes manifests and the
 * command that creates the secrets (secrets-cli.ts), so the three cannot disagree.
 *
 * Kubernetes: the Secret `<ecosystem>-shared` (packet secret and backend URLs, for every agent), one Secret
 * `<agent>-keys` per agent (its audit HMAC key, its audit log's and its Agent Card's Ed25519 signing keys: they
 * belong to that agent alone), and `<ecosystem>-anchors` (the anchors' public keys: not secret, but whoever can change them can
 * approve escalations, and Secrets are the objects clusters guard most tightly).
 */
export const sharedSecretName = (ecosystemId: string): string => `${ecosystemId}-shared`;
export const anchorsSecretName = (ecosystemId: string): string => `${ecosystemId}-anchors`;
export const agentSecretName = (agentId: string): string => `${agentId}-keys`;

/** Keys of `<ecosystem>-shared`; the webhook keys are optional (set them to have escalations notified). */
export const SHARED_KEYS = {
  packetSecret: 'packet-secret',
  postgresUrl: 'postgres-url',
  redisUrl: 'redis-url',
  webhookUrl: 'governance-webhook-url',
  webhookSecret: 'governance-webhook-secret',
} as const;

/** Keys of `<agent>-keys`: the two PEM keys are mounted as files, the audit key is an environment variable. */
export const AGENT_KEYS = {
  auditKey: 'audit-key',
  auditSigningKey: 'audit-signing-key.pem',
  agentSigningKey: 'agent-signing-key.pem',
} as const;

/** Key of `<ecosystem>-anchors`: the ecosystem's anchors file. */
export const ANCHORS_KEY = 'anchors.jwks.json';

/** Where a container finds the files it is given (read-only mounts). */
export const MOUNTED_ANCHORS_DIR = '/etc/l9/anchors';
export const MOUNTED_ANCHORS_FILE = `${MOUNTED_ANCHORS_DIR}/${ANCHORS_KEY}`;
export const MOUNTED_KEYS_DIR = '/etc/l9/keys';
export const MOUNTED_AUDIT_SIGNING_KEY = `${MOUNTED_KEYS_DIR}/${AGENT_KEYS.auditSigningKey}`;
export const MOUNTED_AGENT_SIGNING_KEY = `${MOUNTED_KEYS_DIR}/${AGENT_KEYS.agentSigningKey}`;

const variableSuffix = (agentId: string): string => agentId.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/** Variables of the compose env file: one packet secret and backend passwords, audit keys per agent. */
export const COMPOSE_VARIABLES = {
  packetSecret: 'L9_PACKET_SECRET',
  postgresPassword: 'L9_POSTGRES_PASSWORD',
  redisPassword: 'L9_REDIS_PASSWORD',
  auditKey: (agentId: string): string => `L9_AUDIT_KEY_${variableSuffix(agentId)}`,
  auditSigningKey: (agentId: string): string => `L9_AUDIT_SIGNING_KEY_${variableSuffix(agentId)}`,
  agentSigningKey: (agentId: string): string => `L9_AGENT_SIGNING_KEY_${variableSuffix(agentId)}`,
} as const;

/** The compose env file and the local secret set, relative to the ecosystem project (`.l9/` is never committed nor copied into the image). */
export const COMPOSE_ENV_FILE = '.l9/secrets/compose.env';
export const LOCAL_SECRETS_DIR = '.l9/secrets/local';
