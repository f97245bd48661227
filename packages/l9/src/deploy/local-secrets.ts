import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DeployError } from './deployment-plan';
import { ANCHORS_KEY, LOCAL_SECRETS_DIR } from './secret-layout';
import { ed25519PrivateKeyPem, newAnchorKeyPair, randomSecret } from './secret-set';

/** The secrets a local run gives its agents, and what to tell the person about them. */
export interface LocalSecrets {
  /** Variables for one agent's process (shared ones and its own audit keys); what the caller's environment already sets wins. */
  envFor(agentId: string): Record<string, string>;
  /** One line each: where the secrets come from and, for throwaway anchor keys, how to answer an escalation. */
  notes: string[];
  /** The packet secret every agent shares: a client signs its envelopes and caller tokens with it. */
  packetSecret: string;
}

interface StoredSet {
  format: 'l9/local-secrets@1';
  packet_secret: string;
  agents: Record<string, { audit_key: string; audit_signing_key: string; agent_signing_key?: string }>;
}

/** Writes a file only this user reads, whole: a reader never sees half of it. `exclusive`: keep what another process wrote first. */
function writePrivate(path: string, text: string, exclusive: boolean): void {
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  try {
    if (!exclusive) return renameSync(temporary, path);
    try {
      linkSync(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new DeployError(
      `${path}: not readable JSON (${(error as Error).message}); delete it to have a new local secret set made`,
    );
  }
}

/** The stored set, extended with keys for agents it does not know yet; `created` when nothing was stored. */
function storedSet(dir: string, agentIds: readonly string[]): { set: StoredSet; created: boolean } {
  const path = join(dir, 'secrets.json');
  const fresh = (): StoredSet['agents'][string] => ({
    audit_key: randomSecret(),
    audit_signing_key: ed25519PrivateKeyPem(),
    agent_signing_key: ed25519PrivateKeyPem(),
  });
  const existing = readJson<StoredSet>(path);
  if (existing === undefined) {
    const set: StoredSet = {
      format: 'l9/local-secrets@1',
      packet_secret: randomSecret(),
      agents: Object.fromEntries(agentIds.map((id) => [id, fresh()])),
    };
    writePrivate(path, `${JSON.stringify(set, null, 2)}\n`, true);
    // Another process may have written its own first: every agent must share the one on disk.
    return { set: readJson<StoredSet>(path)!, created: true };
  }
  if (existing.format !== 'l9/local-secrets@1')
    throw new DeployError(`${path}: not an l9 local secret set; delete it to have a new one made`);
  // A new agent gets its keys; a set from before Agent Cards were signed gets each agent's card key.
  const missing = agentIds.filter((id) => !existing.agents[id]?.agent_signing_key);
  if (missing.length > 0) {
    for (const id of missing)
      existing.agents[id] = existing.agents[id]
        ? { ...existing.agents[id]!, agent_signing_key: ed25519PrivateKeyPem() }
        : fresh();
    writePrivate(path, `${JSON.stringify(existing, null, 2)}\n`, false);
  }
  return { set: existing, created: false };
}

interface AnchorsFile {
  anchors?: unknown;
  keys?: Array<{ kid?: unknown }>;
}

const anchorKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();
const fileName = (anchor: string): string =>
  `${
    anchor
      .trim()
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'anchor'
  }.jwk`;

/** Anchors listed in `listed` without a key in `file`. */
function keyless(listed: readonly string[], file: AnchorsFile | undefined): string[] {
  const kids = new Set(
    (file?.keys ?? []).map((key) => (typeof key.kid === 'string' ? anchorKey(key.kid) : '')),
  );
  return listed.filter((anchor) => !kids.has(anchorKey(anchor)));
}

/**
 * Throwaway anchor keys for the ecosystem's anchors, kept beside the local set: the public keys as an anchors
 * file, each private key in `<anchor>.jwk` (mode 0600) for `l9-runtime anchor approve --key`.
 */
function localAnchors(dir: string, anchors: readonly string[]): { file: string; created: boolean } {
  const file = join(dir, ANCHORS_KEY);
  if (existsSync(file) && keyless(anchors, readJson<AnchorsFile>(file)).length === 0)
    return { file, created: false };
  const pairs = anchors.map((anchor) => newAnchorKeyPair(anchor));
  mkdirSync(join(dir, 'anchors'), { recursive: true, mode: 0o700 });
  for (const pair of pairs)
    writePrivate(
      join(dir, 'anchors', fileName(pair.publicJwk.kid)),
      `${JSON.stringify(pair.privateJwk, null, 2)}\n`,
      false,
    );
  writePrivate(file, `${JSON.stringify({ keys: pairs.map((pair) => pair.publicJwk) }, null, 2)}\n`, false);
  return { file, created: true };
}

/**
 * The secrets of a run on this machine, with packet auth required as in every deployment: one packet secret,
 * audit keys per agent, and the anchors' keys. Generated once into `<ecosystem>/.l9/secrets/local/` (never
 * committed, never in an image) and reused, so a log persisted on a real backend still verifies at the next
 * start. When the anchors file in use lacks a key for an anchor of the ecosystem, throwaway anchor keys stand
 * in for all of them and the notes say where their private keys are.
 */
export function localSecrets(
  ecosystemRoot: string,
  agentIds: readonly string[],
  base: NodeJS.ProcessEnv,
  workspaceRoot = process.cwd(),
): LocalSecrets {
  const dir = join(ecosystemRoot, LOCAL_SECRETS_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const shown = (path: string) => relative(workspaceRoot, path) || path;
  const { set, created } = storedSet(dir, agentIds);
  const notes = [
    `secrets: packet auth required; the packet secret and each agent's audit and Agent Card keys come from ${shown(join(dir, 'secrets.json'))} (${created ? 'generated now' : 'kept from an earlier run'}, for this machine only)`,
  ];
  const shared: Record<string, string> = { L9_PACKET_AUTH: 'required', L9_PACKET_SECRET: set.packet_secret };
  const ecosystemAnchorsFile = join(ecosystemRoot, ANCHORS_KEY);
  const ecosystemAnchors = readJson<AnchorsFile>(ecosystemAnchorsFile);
  const listed = Array.isArray(ecosystemAnchors?.anchors)
    ? ecosystemAnchors.anchors.filter((a): a is string => typeof a === 'string')
    : [];
  const inUse = base['L9_ANCHORS_FILE'] || ecosystemAnchorsFile;
  // The ecosystem's own file, unless another is set, is the one just read.
  const lacking = keyless(
    listed,
    inUse === ecosystemAnchorsFile ? ecosystemAnchors : readJson<AnchorsFile>(inUse),
  );
  if (lacking.length > 0) {
    const anchors = localAnchors(dir, listed);
    shared['L9_ANCHORS_FILE'] = anchors.file;
    notes.push(
      `anchors: ${shown(inUse)} has no key for ${lacking.length} of ${listed.length} anchors, so this run trusts throwaway anchor keys (${anchors.created ? 'generated now' : 'kept from an earlier run'}); answer an escalation with: npx l9-runtime anchor approve <agent url> <escalation id> --key ${shown(join(dir, 'anchors'))}/<anchor>.jwk`,
    );
  }
  const hasOwn = (name: string) => (base[name] ?? '') !== '';
  return {
    notes,
    packetSecret: hasOwn('L9_PACKET_SECRET') ? base['L9_PACKET_SECRET']! : set.packet_secret,
    envFor(agentId) {
      const own = set.agents[agentId];
      const env: Record<string, string> = { ...shared };
      if (own && !hasOwn('L9_AUDIT_KEY')) env['L9_AUDIT_KEY'] = own.audit_key;
      if (own && !hasOwn('L9_AUDIT_SIGNING_KEY') && !hasOwn('L9_AUDIT_SIGNING_KEY_FILE'))
        env['L9_AUDIT_SIGNING_KEY'] = own.audit_signing_key;
      if (own?.agent_signing_key && !hasOwn('L9_AGENT_SIGNING_KEY') && !hasOwn('L9_AGENT_SIGNING_KEY_FILE'))
        env['L9_AGENT_SIGNING_KEY'] = own.agent_signing_key;
      // A packet secret the person set is the one every agent shares.
      if (hasOwn('L9_PACKET_SECRET')) delete env['L9_PACKET_SECRET'];
      return env;
    },
  };
}
