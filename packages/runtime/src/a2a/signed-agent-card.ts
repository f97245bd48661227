import { generateAgentCardSignature, type AgentCard } from '@a2a-js/sdk';
import type { JWK } from 'jose';
import { agentCardJson } from './agent-card';
import type { AgentSigningKey } from './agent-signing-key';

/** A JSON object as served. */
export type CardJson = Record<string, unknown>;

/**
 * The card as served: its A2A 1.0 JSON with one JWS signature (flattened, EdDSA, `kid` the key's thumbprint,
 * `jku` where the key is published), made by the SDK's `generateAgentCardSignature` over its canonical form
 * (RFC 8785 of the card without `signatures`). The JSON, not the SDK's object form, is what is signed: that is
 * what every client receives and canonicalizes, security schemes included.
 */
export async function signedAgentCard(
  card: AgentCard,
  key: AgentSigningKey,
  jwksUrl: string,
): Promise<CardJson> {
  const sign = generateAgentCardSignature(key.privateKey, {
    alg: 'EdDSA',
    kid: key.kid,
    typ: 'JOSE',
    jku: jwksUrl,
  });
  // The signer canonicalizes whatever it is given through AgentCard.fromJSON, so it takes the card's JSON.
  const signed = await sign(agentCardJson(card) as unknown as AgentCard);
  return signed as unknown as CardJson;
}

/** The JWK Set that verifies the card: the agent's one signing key. */
export function agentJwks(key: AgentSigningKey): { keys: JWK[] } {
  return { keys: [key.publicJwk] };
}
