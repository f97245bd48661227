import { resolveUserScope, type ServerCallContext } from '@a2a-js/sdk/server';

/**
 * Whose task a call addresses: its tenant and owner, as the SDK's own in-memory stores scope them (the owner is
 * the caller's user name, see a2a-caller.ts), joined into one key. A task id alone is not a key: two callers may
 * name the same id, and neither may see the other's task.
 */
export function taskScopeOf(context: ServerCallContext): string {
  // NUL cannot occur in a header-borne tenant or a token subject, so the join is unambiguous.
  return `${context.tenant ?? ''}\u0000${resolveUserScope(context)}`;
}
