import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { throwawayAnchors, throwawaySecrets } from './throwaway-secrets';
import { insecureWarning, isLoopbackHost, networkRequirements, securityReport } from './network-exposure';

describe('isLoopbackHost', () => {
  it('counts only this machine’s own addresses as loopback', () => {
    for (const host of [
      '127.0.0.1',
      '127.8.9.10',
      'localhost',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      '::ffff:127.0.0.1',
    ])
      expect([host, isLoopbackHost(host)]).toEqual([host, true]);
    for (const host of [
      '0.0.0.0',
      '::',
      '10.1.2.3',
      '192.168.0.7',
      'fe80::1',
      'agent.internal',
      'localhost.evil.example',
      '',
    ])
      expect([host, isLoopbackHost(host)]).toEqual([host, false]);
  });
});

describe('networkRequirements and securityReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l9-exposure-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const anchors = throwawayAnchors(['Igor', 'Compliance Board'], dir);
  const complete: Record<string, string> = { ...throwawaySecrets(), ...anchors.env };

  it('needs nothing more when the packet secret, both audit keys and every anchor’s key are there', () => {
    expect(networkRequirements(complete, ['Igor', 'compliance  board'])).toEqual({
      missing: [],
      allowInsecure: false,
    });
    expect(securityReport('0.0.0.0', networkRequirements(complete, ['Igor']), true)).toEqual({
      host: '0.0.0.0',
      loopback: false,
      packetAuth: 'required',
      allowInsecure: false,
      missing: [],
      insecure: false,
    });
  });

  it('refuses an exposed host without them, listing every variable to set and never a value', () => {
    const env = { L9_AUDIT_KEY: complete['L9_AUDIT_KEY'] };
    const requirements = networkRequirements(env, ['Igor']);
    expect(requirements.missing.map((m) => m.split(' ')[0])).toEqual([
      'L9_PACKET_SECRET',
      'L9_AUDIT_SIGNING_KEY',
      'L9_ANCHORS_FILE',
    ]);
    let message = '';
    try {
      securityReport('0.0.0.0', requirements, false);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^L9_HOST: 0\.0\.0\.0 is reachable from other machines, so this agent does not start without:\n {2}- L9_PACKET_SECRET .*\n {2}- L9_AUDIT_SIGNING_KEY or L9_AUDIT_SIGNING_KEY_FILE .*\n {2}- L9_ANCHORS_FILE .*\nSet them .* or set L9_ALLOW_INSECURE=true to run it open on purpose\.$/,
    );
    expect(message).not.toContain(complete['L9_AUDIT_KEY']!);
  });

  it('names the anchors whose key the anchors file lacks; an agent without anchors needs no anchors file', () => {
    const env = { ...complete, ...throwawayAnchors(['Igor'], mkdtempSync(join(dir, 'one-'))).env };
    expect(networkRequirements(env, ['Igor', 'Compliance Board']).missing).toEqual([
      'a key in L9_ANCHORS_FILE for anchor "Compliance Board" (add it with `l9-runtime anchor keygen --jwks`)',
    ]);
    const { L9_ANCHORS_FILE: _file, ...withoutFile } = complete;
    expect(networkRequirements(withoutFile, []).missing).toEqual([]);
  });

  it('stops on an anchors file it cannot use, naming the variable', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"keys": "none"}');
    expect(() => networkRequirements({ ...complete, L9_ANCHORS_FILE: broken }, ['Igor'])).toThrow(
      `L9_ANCHORS_FILE: ${broken}: must be an array of JWKs`,
    );
  });

  it('lets a loopback host start with nothing, and reports what a network would need', () => {
    const report = securityReport('127.0.0.1', networkRequirements({}, ['Igor']), false);
    expect(report).toMatchObject({
      loopback: true,
      packetAuth: 'off',
      insecure: false,
      allowInsecure: false,
    });
    expect(report.missing).toHaveLength(4);
  });

  it('starts an exposed agent open only with L9_ALLOW_INSECURE=true, and says it is insecure', () => {
    const requirements = networkRequirements({ L9_ALLOW_INSECURE: 'true' }, []);
    const report = securityReport('::', requirements, false);
    expect(report).toMatchObject({ loopback: false, allowInsecure: true, insecure: true });
    expect(insecureWarning('TensorAIOS', report)).toBe(
      'TensorAIOS is INSECURE: listening on :: without L9_PACKET_SECRET, L9_AUDIT_KEY, L9_AUDIT_SIGNING_KEY or L9_AUDIT_SIGNING_KEY_FILE because L9_ALLOW_INSECURE=true',
    );
    expect(() => networkRequirements({ L9_ALLOW_INSECURE: 'yes' }, [])).toThrow(
      'L9_ALLOW_INSECURE: must be "true" or "false"',
    );
  });
});
