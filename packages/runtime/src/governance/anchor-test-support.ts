import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnchorKeySet, generateAnchorKeyPair, type AnchorJwks, type AnchorPrivateJwk } from './anchor-keys';
import { signResolution, type SignResolutionInput } from './anchor-resolution';
import type { EscalationRecord } from './escalation-record';
import { escalationWorkDigest } from './held-work-digest';

/** What a test signs: the statement, bound to held work by its `work_digest` or by the escalation read (`held`). */
export type TestResolutionInput = Omit<SignResolutionInput, 'anchor'> & {
  held?: Pick<EscalationRecord, 'work'>;
};

/** Test support: a fresh key pair for each named anchor, their JWK Set, and a signer. */
export interface TestAnchors {
  jwks: AnchorJwks;
  keys: AnchorKeySet;
  privateKeys: ReadonlyMap<string, AnchorPrivateJwk>;
  /** Signs as `anchor` with its test key; `held` (the escalation as read) gives the `work_digest`, as an anchor's tool does. */
  sign(anchor: string, input: TestResolutionInput): Promise<string>;
  /** Writes the JWK Set to a fresh temporary file and returns its path (for `L9_ANCHORS_FILE`). */
  writeJwksFile(): string;
}

export function testAnchors(names: readonly string[]): TestAnchors {
  const pairs = names.map((name) => generateAnchorKeyPair(name));
  const jwks: AnchorJwks = { keys: pairs.map((pair) => pair.publicJwk) };
  const privateKeys = new Map(pairs.map((pair) => [pair.privateJwk.kid, pair.privateJwk]));
  return {
    jwks,
    keys: new AnchorKeySet(jwks),
    privateKeys,
    sign(anchor, { held, ...input }) {
      const key = privateKeys.get(anchor);
      if (!key) throw new Error(`no test key for ${anchor}`);
      const digest = input.work_digest ?? (held ? escalationWorkDigest(held) : undefined);
      return signResolution(key, {
        ...input,
        anchor,
        ...(digest !== undefined ? { work_digest: digest } : {}),
      });
    },
    writeJwksFile() {
      const path = join(mkdtempSync(join(tmpdir(), 'l9-anchors-')), 'anchors.jwks.json');
      writeFileSync(path, JSON.stringify(jwks));
      return path;
    },
  };
}
