import { TaskState, type Task, type TaskPushNotificationConfig } from '@a2a-js/sdk';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import { InMemoryPushNotificationStore, ServerCallContext } from '@a2a-js/sdk/server';
import { callerUser } from './a2a-caller';
import { openA2AStores } from './a2a-stores';
import { BoundedPushConfigStore, MAX_PUSH_CONFIGS_PER_TASK } from './bounded-push-config-store';

const alice = new ServerCallContext({ user: callerUser('alice', true), requestedVersion: '1.0' });
const bob = new ServerCallContext({ user: callerUser('bob', true) });

function config(id: string, taskId = 't1'): TaskPushNotificationConfig {
  return {
    tenant: '',
    id,
    taskId,
    url: `https://hooks.example.com/${id}`,
    token: '',
    authentication: undefined,
  };
}

function task(id: string, state: TaskState): Task {
  return {
    id,
    contextId: 'ctx',
    status: { state, message: undefined, timestamp: '2026-12-06T09:00:00.000Z' },
    artifacts: [],
    history: [],
    metadata: undefined,
  };
}

describe('BoundedPushConfigStore: push notification configs in memory, bounded per task and dropped with their task', () => {
  it("keeps, replaces, scopes and deletes configs as the SDK's InMemoryPushNotificationStore does", async () => {
    const sdk = new InMemoryPushNotificationStore();
    const ours = new BoundedPushConfigStore();
    for (const store of [sdk, ours]) {
      await store.save('t1', alice, config('one'));
      await store.save('t1', alice, config('two'));
      await store.save('t1', alice, { ...config('one'), url: 'https://hooks.example.com/replaced' });
      await store.save('t1', alice, config('t1'));
      await store.save('t1', bob, config('bobs'));
      await store.delete('t1', alice);
    }
    for (const context of [alice, bob]) {
      expect(await ours.load('t1', context)).toEqual(await sdk.load('t1', context));
      expect(await ours.loadWithMetadata('t1', context)).toEqual(await sdk.loadWithMetadata('t1', context));
    }
    expect(
      (await ours.loadWithMetadata('t1', alice)).map((entry) => [
        entry.config.id,
        entry.config.url,
        entry.wireVersion,
      ]),
    ).toEqual([
      ['two', 'https://hooks.example.com/two', '1.0'],
      ['one', 'https://hooks.example.com/replaced', '1.0'],
    ]);
    expect((await ours.loadWithMetadata('t1', bob))[0]?.wireVersion).toBe('0.3');
  });

  it("gives a config without an id one, in the caller's object", async () => {
    const store = new BoundedPushConfigStore();
    const unnamed = config('');
    await store.save('t1', alice, unnamed);
    expect(unnamed.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await store.load('t1', alice)).map((c) => c.id)).toEqual([unnamed.id]);
  });

  it(`refuses a task's ${MAX_PUSH_CONFIGS_PER_TASK + 1}th config as InvalidParams, but still takes a replacement of one it has`, async () => {
    const store = new BoundedPushConfigStore();
    for (let index = 0; index < MAX_PUSH_CONFIGS_PER_TASK; index += 1)
      await store.save('t1', alice, config(`c${index}`));
    await expect(store.save('t1', alice, config('one-more'))).rejects.toThrow(RequestMalformedError);
    await expect(
      store.save('t1', alice, { ...config('c3'), url: 'https://hooks.example.com/moved' }),
    ).resolves.toBeUndefined();
    await expect(store.save('t2', alice, config('other-task', 't2'))).resolves.toBeUndefined();
    expect(await store.load('t1', alice)).toHaveLength(MAX_PUSH_CONFIGS_PER_TASK);
  });

  it("drops a task's configs when the in-memory task store drops the task, and keeps those of tasks it keeps", async () => {
    const stores = openA2AStores({
      agentId: 'desk',
      pgSchema: 'unused',
      taskBudget: { maxFinished: 1, maxAgeMs: 3_600_000 },
    });
    await stores.tasks.save(task('old', TaskState.TASK_STATE_WORKING), alice);
    await stores.pushConfigs.save('old', alice, config('watch-old', 'old'));
    await stores.tasks.save(task('old', TaskState.TASK_STATE_COMPLETED), alice);
    await stores.tasks.save(task('open', TaskState.TASK_STATE_WORKING), alice);
    await stores.pushConfigs.save('open', alice, config('watch-open', 'open'));
    expect(await stores.pushConfigs.load('old', alice)).toHaveLength(1);

    await stores.tasks.save(task('new', TaskState.TASK_STATE_COMPLETED), alice);

    expect(await stores.tasks.load('old', alice)).toBeUndefined();
    expect(await stores.pushConfigs.load('old', alice)).toEqual([]);
    expect((await stores.pushConfigs.load('open', alice)).map((c) => c.id)).toEqual(['watch-open']);
  });
});
