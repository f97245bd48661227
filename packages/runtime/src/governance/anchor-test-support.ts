import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnchorKeySet, generateAnchorKeyPair, type AnchorJwks, type AnchorPrivateJwk } from './anchor-keys';
import { signResolution, type SignResolutionInput } from './anchor-resolution';

/** Test support: a fresh key pair for each named anchor, their JWK Set, and a signer. */
export interface TestAnchors {
  jwks: AnchorJwks;
  keys: AnchorKeySet;
  privateKeys: ReadonlyMap<string, AnchorPrivateJwk>;
  /** Signs as `anchor` with its test key. */
  sign(anchor: string, input: Omit<SignResolutionInput, 'anchor'>): Promise<string>;
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
    sign(anchor, input) {
      const key = privateKeys.get(anchor);
      if (!key) throw new Error(`no test key for ${anchor}`);
      return signResolution(key, { ...input, anchor });
    },
    writeJwksFile() {
      const path = join(mkdtempSync(join(tmpdir(), 'l9-anchors-')), 'anchors.jwks.json');
      writeFileSync(path, JSON.stringify(jwks));
      return path;
    },
  };
}
