import { RequestMalformedError } from '@a2a-js/sdk/errors';
import type { PushNotificationStore } from '@a2a-js/sdk/server';
import type { CallbackAllowlist } from '../governance/callback-allowlist';

/** What the PostgreSQL store keeps of a config id (the SDK's column width). */
const MAX_CONFIG_ID_LENGTH = 36;

/**
 * Push notification configs limited to the origins of `L9_CALLBACK_ALLOWLIST`, like held work's callbacks: a
 * push config makes the agent POST to an address a caller chose, so without the list a caller could aim it at
 * what only the agent can reach (cloud metadata, admin ports, the internal network). A config elsewhere is
 * refused when it is created (InvalidParams, saying what to configure); with the list empty, every one is.
 */
export function allowlistedPushConfigs(
  store: PushNotificationStore,
  allowlist: CallbackAllowlist,
): PushNotificationStore {
  return {
    save: async (taskId, context, config) => {
      const checked = allowlist.check(config.url);
      if (!checked.ok)
        throw new RequestMalformedError(
          `push notification url refused: ${checked.reason.replace(/^callback_url/, 'its')} (the agent's operator lists the origins it may notify there)`,
        );
      if (config.id.length > MAX_CONFIG_ID_LENGTH)
        throw new RequestMalformedError(
          `push notification config id must be at most ${MAX_CONFIG_ID_LENGTH} characters`,
        );
      return store.save(taskId, context, config);
    },
    load: (taskId, context) => store.load(taskId, context),
    ...(store.loadWithMetadata ? { loadWithMetadata: store.loadWithMetadata.bind(store) } : {}),
    delete: (taskId, context, configId) => store.delete(taskId, context, configId),
  };
}
