import { loadAnchorKeys, signResolution } from '@l9/runtime';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The runtime's own check of the audit keys an agent starts with (not part of its public API).
import { auditKeysFromEnv } from '../../../runtime/src/audit/audit-keys-from-env';
import { localSecrets } from './local-secrets';
import { newAnchorKeyPair } from './secret-set';

let ecosystem: string;

function anchorsFile(anchors: string[], keys: unknown[] = []): void {
  writeFileSync(join(ecosystem, 'anchors.jwks.json'), JSON.stringify({ anchors, keys }));
}

beforeEach(() => {
  ecosystem = join(mkdtempSync(join(tmpdir(), 'l9-local-secrets-')), 'shop-ecosystem');
  mkdirSync(ecosystem);
});
afterEach(() => rmSync(join(ecosystem, '..'), { recursive: true, force: true }));

describe('localSecrets', () => {
  it('gives every agent packet auth, the shared packet secret and audit keys of its own that the runtime accepts, and says where they are', () => {
    anchorsFile([]);
    const secrets = localSecrets(ecosystem, ['orders', 'billing'], {}, ecosystem);
    const orders = secrets.envFor('orders');
    const billing = secrets.envFor('billing');
    expect(orders['L9_PACKET_AUTH']).toBe('required');
    expect(orders['L9_PACKET_SECRET']).toBe(billing['L9_PACKET_SECRET']);
    expect(secrets.packetSecret).toBe(orders['L9_PACKET_SECRET']);
    expect(orders['L9_AUDIT_KEY']).not.toBe(billing['L9_AUDIT_KEY']);
    for (const env of [orders, billing])
      expect(() =>
        auditKeysFromEnv(env, {
          persistedAt: 'test',
          packetSecret: env['L9_PACKET_SECRET'],
          random: () => 'unused',
        }),
      ).not.toThrow();
    expect(secrets.notes).toEqual([
      `secrets: packet auth required; the packet secret and each agent's audit and Agent Card keys come from .l9/secrets/local/secrets.json (generated now, for this machine only)`,
    ]);
    expect(statSync(join(ecosystem, '.l9', 'secrets', 'local', 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(ecosystem, '.l9', 'secrets', 'local')).mode & 0o777).toBe(0o700);
  });

  it('keeps the set for the next run (a persisted audit log still verifies) and adds keys for a new agent only', () => {
    anchorsFile([]);
    const first = localSecrets(ecosystem, ['orders'], {}, ecosystem);
    const second = localSecrets(ecosystem, ['orders', 'billing'], {}, ecosystem);
    expect(second.envFor('orders')).toEqual(first.envFor('orders'));
    expect(second.envFor('billing')['L9_AUDIT_KEY']).toMatch(/^[0-9a-f]{64}$/);
    expect(second.notes[0]).toContain('kept from an earlier run');
  });

  it('leaves what the person set: their packet secret and audit keys win', () => {
    anchorsFile([]);
    const secrets = localSecrets(
      ecosystem,
      ['orders'],
      { L9_PACKET_SECRET: 'a-packet-secret-of-their-own', L9_AUDIT_SIGNING_KEY_FILE: '/keys/audit.pem' },
      ecosystem,
    );
    const env = secrets.envFor('orders');
    expect(env['L9_PACKET_SECRET']).toBeUndefined();
    expect(env['L9_AUDIT_SIGNING_KEY']).toBeUndefined();
    expect(env['L9_AUDIT_KEY']).toMatch(/^[0-9a-f]{64}$/);
    expect(secrets.packetSecret).toBe('a-packet-secret-of-their-own');
  });

  it('stands in throwaway anchor keys while the anchors file lacks one, with private keys an anchor can sign with', async () => {
    anchorsFile(['Igor', 'Compliance Board'], [newAnchorKeyPair('Igor').publicJwk]);
    const secrets = localSecrets(ecosystem, ['orders'], {}, ecosystem);
    const file = secrets.envFor('orders')['L9_ANCHORS_FILE']!;
    expect(file).toBe(join(ecosystem, '.l9', 'secrets', 'local', 'anchors.jwks.json'));
    expect(secrets.notes[1]).toBe(
      'anchors: anchors.jwks.json has no key for 1 of 2 anchors, so this run trusts throwaway anchor keys (generated now); answer an escalation with: npx l9-runtime anchor approve <agent url> <escalation id> --key .l9/secrets/local/anchors/<anchor>.jwk',
    );
    const keys = loadAnchorKeys(file);
    expect([keys.has('Igor'), keys.has('compliance board')]).toEqual([true, true]);
    const privateFiles = readdirSync(join(ecosystem, '.l9', 'secrets', 'local', 'anchors')).sort();
    expect(privateFiles).toEqual(['compliance-board.jwk', 'igor.jwk']);
    for (const name of privateFiles)
      expect(statSync(join(ecosystem, '.l9', 'secrets', 'local', 'anchors', name)).mode & 0o777).toBe(0o600);
    const jwk = JSON.parse(
      readFileSync(join(ecosystem, '.l9', 'secrets', 'local', 'anchors', 'igor.jwk'), 'utf8'),
    );
    await expect(
      signResolution(jwk, {
        escalation_id: 'esc-1',
        agent: 'orders',
        anchor: 'Igor',
        action: 'approve',
        reason: 'checked',
      }),
    ).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('uses the anchors file as it is once every anchor has a key there', () => {
    anchorsFile(['Igor'], [newAnchorKeyPair('Igor').publicJwk]);
    const secrets = localSecrets(ecosystem, ['orders'], {}, ecosystem);
    expect(secrets.envFor('orders')['L9_ANCHORS_FILE']).toBeUndefined();
    expect(secrets.notes).toHaveLength(1);
  });
});
