import type { FastifyRequest } from 'fastify';
import { issueCallerToken } from '../caller/caller-token';
import { loadRuntimeConfig } from '../config/load-runtime-config';
import { authenticateCaller, type CallerContext } from './endpoint-caller';

const SECRET = 'endpoint-caller-spec-secret-0123456789';
const context: CallerContext = {
  identity: { id: 'ledger-desk', name: 'LedgerDesk', version: '1.0.0', routePrefix: 'ledger' },
  settings: loadRuntimeConfig({ L9_PACKET_SECRET: SECRET }),
  now: Date.now,
};

/** A request as a second door sees it: the same HTTP request (`raw`) under another view with its own headers. */
function requestWith(raw: object, authorization: string | undefined): FastifyRequest {
  return {
    raw,
    ip: '127.0.0.1',
    headers: authorization === undefined ? {} : { authorization },
  } as unknown as FastifyRequest;
}

describe('authenticateCaller on one HTTP request reached through two doors', () => {
  it('answers the second door with the caller the first verified, and checks any other credential afresh', async () => {
    const raw = {};
    const token = await issueCallerToken({ secret: SECRET, caller: 'bookkeeper', agent: 'ledger-desk' });
    await expect(
      authenticateCaller(requestWith(raw, `Bearer ${token}`), context, 'POST /ledger/a2a'),
    ).resolves.toEqual({ caller: 'bookkeeper', rateKey: expect.stringContaining('bookkeeper') });
    await expect(
      authenticateCaller(requestWith(raw, `Bearer ${token}`), context, 'POST /ledger/v1/entries'),
    ).resolves.toMatchObject({ caller: 'bookkeeper' });
    // Another token on the same request is not taken on the first one's word: forged, it is refused.
    const forged = await issueCallerToken({
      secret: 'some-other-secret-0123456789abcdef',
      caller: 'bookkeeper',
      agent: 'ledger-desk',
    });
    await expect(
      authenticateCaller(requestWith(raw, `Bearer ${forged}`), context, 'POST /ledger/v1/entries'),
    ).resolves.toMatchObject({ statusCode: 401, body: { error: 'invalid_caller_token' } });
    await expect(
      authenticateCaller(requestWith(raw, undefined), context, 'POST /ledger/v1/entries'),
    ).resolves.toMatchObject({ statusCode: 401, body: { error: 'caller_token_required' } });
    // Nor is the same token taken for another agent, whose audience it does not name.
    const other: CallerContext = { ...context, identity: { ...context.identity, id: 'main-agent' } };
    await expect(
      authenticateCaller(requestWith(raw, `Bearer ${token}`), other, 'POST /main/a2a'),
    ).resolves.toMatchObject({ statusCode: 401, body: { error: 'invalid_caller_token' } });
  });

  it('takes a verified token on a later request only until it expires, and only for the agent and secret it verified under', async () => {
    const token = await issueCallerToken({
      secret: SECRET,
      caller: 'bookkeeper',
      agent: 'ledger-desk',
      ttlSeconds: 60,
    });
    await expect(
      authenticateCaller(requestWith({}, `Bearer ${token}`), context, 'POST /ledger/a2a'),
    ).resolves.toMatchObject({ caller: 'bookkeeper' });
    await expect(
      authenticateCaller(requestWith({}, `Bearer ${token}`), context, 'POST /ledger/a2a'),
    ).resolves.toMatchObject({ caller: 'bookkeeper' });
    // The agent's packet secret changed: the token is checked against the new one and refused.
    const rotated: CallerContext = {
      ...context,
      settings: loadRuntimeConfig({ L9_PACKET_SECRET: 'rotated-secret-0123456789abcdef-xyz' }),
    };
    await expect(
      authenticateCaller(requestWith({}, `Bearer ${token}`), rotated, 'POST /ledger/a2a'),
    ).resolves.toMatchObject({ statusCode: 401, body: { error: 'invalid_caller_token' } });
    // The same token on a later request, after it expired, is refused; and stays refused once it was.
    const later: CallerContext = { ...context, now: () => Date.now() + 120_000 };
    await expect(
      authenticateCaller(requestWith({}, `Bearer ${token}`), later, 'POST /ledger/a2a'),
    ).resolves.toMatchObject({
      statusCode: 401,
      body: { error: 'invalid_caller_token', message: expect.stringContaining('expired') },
    });
    await expect(
      authenticateCaller(requestWith({}, `Bearer ${token}`), later, 'POST /ledger/a2a'),
    ).resolves.toMatchObject({ statusCode: 401 });
  });
});
