import { verifyCallerToken } from '../../../../runtime/src/caller/caller-token';
import { matrixCallerToken } from './matrix-caller-token';

const secret = 'matrix-run-packet-secret-0123456789abcdef';

describe('matrixCallerToken', () => {
  it('is a caller token the runtime accepts, for the agent it names', async () => {
    await expect(
      verifyCallerToken(matrixCallerToken(secret, 'tensoraios'), { secret, agent: 'tensoraios' }),
    ).resolves.toMatchObject({ ok: true, caller: 'l9-integration-matrix' });
  });

  it('is refused by another agent, under another secret, and once expired', async () => {
    await expect(
      verifyCallerToken(matrixCallerToken(secret, 'tensoraios'), { secret, agent: 'main-agent' }),
    ).resolves.toMatchObject({ ok: false, reason: 'wrong_audience' });
    await expect(
      verifyCallerToken(matrixCallerToken(secret, 'tensoraios'), {
        secret: `${secret}-other`,
        agent: 'tensoraios',
      }),
    ).resolves.toMatchObject({ ok: false, reason: 'bad_signature' });
    const old = matrixCallerToken(secret, 'tensoraios', 'l9-integration-matrix', 60, Date.now() - 3_600_000);
    await expect(verifyCallerToken(old, { secret, agent: 'tensoraios' })).resolves.toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });
});
