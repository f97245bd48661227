import { BlockList, isIP } from 'node:net';
import { ANCHORS_FILE_VARIABLE, loadAnchorKeys } from '../governance/anchor-keys';
import { ConfigError } from './config-error';

/** Set to `true` to let an agent listen beyond loopback without the secrets below, on purpose; it says so at start and in `/status`. */
export const ALLOW_INSECURE_VARIABLE = 'L9_ALLOW_INSECURE';

/** What an agent reachable from other machines must have: each entry names the variable to set and why. */
export interface NetworkRequirements {
  missing: string[];
  /** `L9_ALLOW_INSECURE=true`. */
  allowInsecure: boolean;
}

/** How the agent is exposed where it listens, as `/status` reports it. */
export interface SecurityReport {
  host: string;
  /** False for any address beyond this machine (`0.0.0.0`, `::`, a pod or host address, a name other than localhost). */
  loopback: boolean;
  packetAuth: 'required' | 'off';
  allowInsecure: boolean;
  /** What a network-exposed agent would lack (listed on loopback too, where it is not needed). */
  missing: string[];
  /** Listening beyond loopback while something is missing, which only `L9_ALLOW_INSECURE=true` permits. */
  insecure: boolean;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Loopback only: `localhost`, 127.0.0.0/8, `::1` (and IPv4-mapped loopback); anything else is treated as exposed. */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  return family !== 0 && LOOPBACK.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

function anchorRequirement(anchors: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  if (anchors.length === 0) return undefined;
  const file = env[ANCHORS_FILE_VARIABLE];
  if (!file)
    return `${ANCHORS_FILE_VARIABLE} (the anchors file holding the public key of each anchor of this agent, so escalations can be resolved by signature)`;
  // An unreadable or malformed file stops the start here with its own message.
  const keys = loadAnchorKeys(file);
  const keyless = anchors.filter((anchor) => !keys.has(anchor));
  if (keyless.length === 0) return undefined;
  return `a key in ${ANCHORS_FILE_VARIABLE} for ${keyless.length === 1 ? 'anchor' : 'anchors'} ${keyless.map((a) => JSON.stringify(a)).join(', ')} (add it with \`l9-runtime anchor keygen --jwks\`)`;
}

/**
 * What the environment lacks for an agent other machines can reach: packet auth (`L9_PACKET_SECRET`), the
 * audit log's own keys (`L9_AUDIT_KEY`, `L9_AUDIT_SIGNING_KEY[_FILE]`) and a public key for each of its
 * anchors in `L9_ANCHORS_FILE`. Names variables and anchors, never values.
 */
export function networkRequirements(env: NodeJS.ProcessEnv, anchors: readonly string[]): NetworkRequirements {
  const set = (name: string) => (env[name] ?? '') !== '';
  const missing: string[] = [];
  if (!set('L9_PACKET_SECRET'))
    missing.push(
      'L9_PACKET_SECRET (packet auth: a random secret of at least 16 characters shared by the agents of the ecosystem, with L9_PACKET_AUTH=required)',
    );
  if (!set('L9_AUDIT_KEY'))
    missing.push("L9_AUDIT_KEY (the audit log's HMAC key, never the packet secret; `openssl rand -hex 32`)");
  if (!set('L9_AUDIT_SIGNING_KEY') && !set('L9_AUDIT_SIGNING_KEY_FILE'))
    missing.push(
      "L9_AUDIT_SIGNING_KEY or L9_AUDIT_SIGNING_KEY_FILE (the audit log's Ed25519 signing key; `l9-runtime audit keygen`)",
    );
  const anchorsMissing = anchorRequirement(anchors, env);
  if (anchorsMissing) missing.push(anchorsMissing);
  const flag = env[ALLOW_INSECURE_VARIABLE] ?? '';
  if (!['', 'true', 'false'].includes(flag))
    throw new ConfigError(ALLOW_INSECURE_VARIABLE, 'must be "true" or "false"');
  return { missing, allowInsecure: flag === 'true' };
}

/**
 * The agent's exposure on `host`. Beyond loopback, anything missing refuses the start (a ConfigError on
 * `L9_HOST` listing all of it) unless `L9_ALLOW_INSECURE=true`, in which case the report says it is insecure.
 */
export function securityReport(
  host: string,
  requirements: NetworkRequirements,
  packetAuth: boolean,
): SecurityReport {
  const loopback = isLoopbackHost(host);
  const { missing, allowInsecure } = requirements;
  if (!loopback && missing.length > 0 && !allowInsecure) {
    throw new ConfigError(
      'L9_HOST',
      `${host} is reachable from other machines, so this agent does not start without:\n  - ${missing.join('\n  - ')}\nSet them (a deployment takes them from its secret store), or listen on 127.0.0.1, or set ${ALLOW_INSECURE_VARIABLE}=true to run it open on purpose.`,
    );
  }
  return {
    host,
    loopback,
    packetAuth: packetAuth ? 'required' : 'off',
    allowInsecure,
    missing,
    insecure: !loopback && missing.length > 0,
  };
}

/** The one line an agent prints at start when it runs open on purpose. */
export function insecureWarning(name: string, report: SecurityReport): string {
  return `${name} is INSECURE: listening on ${report.host} without ${report.missing.map((m) => m.replace(/ \(.*$/s, '')).join(', ')} because ${ALLOW_INSECURE_VARIABLE}=true`;
}
