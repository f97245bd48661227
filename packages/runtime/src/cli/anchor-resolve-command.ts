import { readFile, stat } from 'node:fs/promises';
import type { JsonValue } from '../envelope/envelope-schema';
import { parseAnchorPrivateJwk } from '../governance/anchor-keys';
import { signResolution } from '../governance/anchor-resolution';
import type { ResolutionAction } from '../governance/escalation-record';
import { anchorKey } from '../governance/policy';
import { CliUsageError, type CliIo } from './cli-command';
import { cliPath, commandArguments, required } from './cli-arguments';
import { heldWorkSummary, shownEscalationProblem, type ShownEscalation } from './held-work-summary';

const usage = (action: ResolutionAction) =>
  `usage: l9-runtime anchor ${action} <agent base URL, e.g. http://127.0.0.1:8000/tensoraios> <escalation id> --key <private key file> --reason "…"${action === 'override' ? ' --value <json>' : ''} [--name <anchor>] [--agent <agent id the escalation must belong to>]\n(reads the escalation first; set L9_CALLER_TOKEN when the agent requires a caller token)`;

/** How long the agent may take to answer; an approval runs the held work before it answers. */
const REQUEST_TIMEOUT_MS = 120_000;

async function readPrivateKey(path: string): Promise<ReturnType<typeof parseAnchorPrivateJwk>> {
  const info = await stat(path);
  // Like ssh: a private key others can read is refused rather than used.
  if ((info.mode & 0o077) !== 0)
    throw new Error(
      `${path} is readable by others (mode ${(info.mode & 0o777).toString(8)}); run chmod 600 ${path}`,
    );
  return parseAnchorPrivateJwk(await readFile(path, 'utf8'), path);
}

function parseValue(text: string | undefined, action: ResolutionAction): JsonValue | undefined {
  if (action !== 'override') {
    if (text !== undefined) throw new CliUsageError(`--value is for override only\n${usage(action)}`);
    return undefined;
  }
  const raw = required(text, 'value', usage(action));
  try {
    return JSON.parse(raw) as JsonValue;
  } catch (error) {
    throw new CliUsageError(`--value must be JSON (${(error as Error).message}); quote a string as '"text"'`);
  }
}

async function requestJson(
  url: string,
  init: RequestInit,
): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/**
 * `anchor approve|reject|override <agent base URL> <escalation id>`: reads the escalation first (with
 * `L9_CALLER_TOKEN` when the agent asks for a caller token), prints on stderr what it holds (kind, endpoint or
 * packet type, caller or source, payload size, work digest), then signs the anchor's resolution with its private
 * key over that escalation, its agent and its `work_digest`, and POSTs it. An anchor never signs blind: an
 * escalation that cannot be read is not signed for, and `--agent` is a check against the record, not a way around
 * the read. Prints the agent's answer on stdout; exit 0 when it accepted, 1 otherwise.
 */
export function anchorResolve(action: ResolutionAction) {
  return async (args: string[], io: CliIo): Promise<number> => {
    const { values, positionals } = commandArguments(
      args,
      { options: ['key', 'name', 'reason', 'value', 'agent'], positionals: 2 },
      usage(action),
    );
    const [base, escalationId] = positionals as [string, string];
    const keyFile = cliPath(io, required(values.key, 'key', usage(action)));
    const reason = required(values.reason, 'reason', usage(action));
    const value = parseValue(values.value, action);
    let root: URL;
    try {
      root = new URL(base.replace(/\/+$/, ''));
      if (root.protocol !== 'http:' && root.protocol !== 'https:') throw new Error('not http');
    } catch {
      throw new CliUsageError(
        `"${base}" is not an http(s) URL of the agent, e.g. http://127.0.0.1:8000/tensoraios\n${usage(action)}`,
      );
    }
    const { anchor, key } = await readPrivateKey(keyFile);
    if (values.name !== undefined && anchorKey(values.name) !== anchorKey(anchor)) {
      throw new CliUsageError(
        `--name "${values.name}" does not match the anchor of ${keyFile} ("${anchor}")`,
      );
    }
    const escalationUrl = `${root.href.replace(/\/+$/, '')}/escalations/${encodeURIComponent(escalationId)}`;
    // With packet auth on, reading an escalation takes a caller token (L9_CALLER_TOKEN).
    const token = io.env['L9_CALLER_TOKEN'];
    const found = await requestJson(escalationUrl, {
      method: 'GET',
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
    if (found.status !== 200) {
      const hint =
        found.status === 401 || found.status === 403
          ? ' (set L9_CALLER_TOKEN to a caller token of this agent: an anchor signs only what it has read)'
          : '';
      io.stderr(
        `cannot read escalation ${escalationId} at ${escalationUrl}: ${found.status} ${found.text}${hint}\n`,
      );
      return 1;
    }
    const problem = shownEscalationProblem(found.body, escalationId, values.agent);
    if (problem) {
      io.stderr(`not signing for escalation ${escalationId} at ${escalationUrl}: ${problem}\n`);
      return 1;
    }
    const escalation = found.body as ShownEscalation;
    io.stderr(`${heldWorkSummary(escalation, action, anchor)}\n`);
    const resolution = await signResolution(key, {
      anchor,
      agent: escalation.decision.agent,
      escalation_id: escalationId,
      action,
      reason,
      ...(value !== undefined ? { value } : {}),
      ...(escalation.work_digest !== undefined ? { work_digest: escalation.work_digest } : {}),
    });
    const answer = await requestJson(`${escalationUrl}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resolution }),
    });
    const shown = answer.body === undefined ? answer.text : JSON.stringify(answer.body, null, 2);
    if (answer.status >= 200 && answer.status < 300) {
      io.stdout(`${shown}\n`);
      return 0;
    }
    io.stderr(`the agent answered ${answer.status}: ${shown}\n`);
    return 1;
  };
}
