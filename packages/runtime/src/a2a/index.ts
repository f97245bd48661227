export {
  A2A_PROTOCOL_VERSION,
  a2aPath,
  agentCardOf,
  agentCardJson,
  CALLER_TOKEN_SCHEME,
  JWKS_PATH,
  type AgentCardInput,
} from './agent-card';
export {
  AGENT_SIGNING_KEY_FILE_VARIABLE,
  AGENT_SIGNING_KEY_VARIABLE,
  agentSigningKeyFromEnv,
  type AgentSigningKey,
} from './agent-signing-key';
export { A2A_STORE_NAME, openA2AStores, type A2AStoreOptions, type A2AStores } from './a2a-stores';
export { heldPacketId, heldTaskId, settledTask } from './held-task';
export { serveA2A } from './serve-a2a';
export { agentJwks, signedAgentCard } from './signed-agent-card';
export { SKILL_METADATA_KEY, skillCallOf, type SkillCall } from './skill-call';
export { SKILL_SCHEMAS_EXTENSION_URI, skillSchemasExtension } from './skill-schemas-extension';
export { TaskLedger, type TaskLedgerOptions } from './task-ledger';
