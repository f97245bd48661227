import { TaskState, type Task } from '@a2a-js/sdk';
import { RequestMalformedError, TaskNotFoundError } from '@a2a-js/sdk/errors';
import {
  DefaultRequestHandler,
  InMemoryTaskStore,
  ServerCallContext,
  type AgentExecutor,
} from '@a2a-js/sdk/server';
import { callerUser } from './a2a-caller';
import { agentCardOf } from './agent-card';
import { BoundedTaskStore } from './bounded-task-store';

const alice = new ServerCallContext({ user: callerUser('alice', true) });
const bob = new ServerCallContext({ user: callerUser('bob', true) });

function task(
  id: string,
  state: TaskState,
  timestamp = '2026-12-06T09:00:00.000Z',
  contextId = 'ctx-1',
): Task {
  return {
    id,
    contextId,
    status: { state, message: undefined, timestamp },
    artifacts: [
      {
        artifactId: `${id}-a`,
        name: 'result',
        description: '',
        parts: [],
        metadata: undefined,
        extensions: [],
      },
    ],
    history: [],
    metadata: undefined,
  };
}

/** A store on a clock the test moves; `evicted` lists what it reported dropping, in order. */
function storeOf(maxFinished: number, maxAgeMs = 60_000) {
  const clock = { now: 0 };
  const evicted: string[] = [];
  const store = new BoundedTaskStore({
    budget: { maxFinished, maxAgeMs },
    now: () => clock.now,
    onEvict: (scope, taskId) => evicted.push(`${scope.split('\u0000')[1]}/${taskId}`),
  });
  return { store, clock, evicted };
}

const ids = async (store: BoundedTaskStore, context: ServerCallContext, candidates: string[]) => {
  const present: string[] = [];
  for (const id of candidates) if (await store.load(id, context)) present.push(id);
  return present;
};

describe('BoundedTaskStore: an in-memory A2A task store that forgets finished tasks beyond its budget', () => {
  it('keeps at most maxFinished finished tasks and drops the one finished longest ago, not the one created first', async () => {
    const { store, clock, evicted } = storeOf(2);
    for (const id of ['a', 'b', 'c']) await store.save(task(id, TaskState.TASK_STATE_WORKING), alice);
    clock.now = 1;
    await store.save(task('b', TaskState.TASK_STATE_COMPLETED), alice);
    clock.now = 2;
    await store.save(task('a', TaskState.TASK_STATE_FAILED), alice);
    clock.now = 3;
    await store.save(task('c', TaskState.TASK_STATE_CANCELED), alice);

    expect(evicted).toEqual(['alice/b']);
    expect(await ids(store, alice, ['a', 'b', 'c'])).toEqual(['a', 'c']);
  });

  it('never drops a task still in progress, however many there are and however old', async () => {
    const { store, clock } = storeOf(1, 1_000);
    const inFlight = [
      TaskState.TASK_STATE_SUBMITTED,
      TaskState.TASK_STATE_WORKING,
      TaskState.TASK_STATE_INPUT_REQUIRED,
      TaskState.TASK_STATE_AUTH_REQUIRED,
    ];
    for (const [index, state] of inFlight.entries()) await store.save(task(`open-${index}`, state), alice);
    for (const id of ['done-1', 'done-2', 'done-3'])
      await store.save(task(id, TaskState.TASK_STATE_REJECTED), alice);
    clock.now = 10_000;

    expect(
      await ids(store, alice, ['open-0', 'open-1', 'open-2', 'open-3', 'done-1', 'done-2', 'done-3']),
    ).toEqual(['open-0', 'open-1', 'open-2', 'open-3']);
  });

  it('drops a finished task once it is older than maxAgeMs, counted from when it finished', async () => {
    const { store, clock, evicted } = storeOf(100, 1_000);
    await store.save(task('early', TaskState.TASK_STATE_WORKING), alice);
    clock.now = 500;
    await store.save(task('early', TaskState.TASK_STATE_COMPLETED), alice);
    clock.now = 1_000;
    await store.save(task('late', TaskState.TASK_STATE_COMPLETED), alice);
    clock.now = 1_499;
    expect(await ids(store, alice, ['early', 'late'])).toEqual(['early', 'late']);
    clock.now = 1_500;
    expect(await ids(store, alice, ['early', 'late'])).toEqual(['late']);
    expect(evicted).toEqual(['alice/early']);
  });

  it('takes a finished task saved again (a held task settled anew) as finished at that save', async () => {
    const { store, clock } = storeOf(2);
    await store.save(task('first', TaskState.TASK_STATE_COMPLETED), alice);
    clock.now = 1;
    await store.save(task('second', TaskState.TASK_STATE_COMPLETED), alice);
    clock.now = 2;
    await store.save(task('first', TaskState.TASK_STATE_COMPLETED), alice);
    clock.now = 3;
    await store.save(task('third', TaskState.TASK_STATE_COMPLETED), alice);
    expect(await ids(store, alice, ['first', 'second', 'third'])).toEqual(['first', 'third']);
  });

  it('scopes tasks by caller as the SDK does: the same id is two tasks, and one caller never reads the other', async () => {
    const { store } = storeOf(10);
    await store.save(task('shared', TaskState.TASK_STATE_COMPLETED, '2026-12-06T09:00:01.000Z'), alice);
    await store.save(task('shared', TaskState.TASK_STATE_WORKING, '2026-12-06T09:00:02.000Z'), bob);
    expect((await store.load('shared', alice))?.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect((await store.load('shared', bob))?.status?.state).toBe(TaskState.TASK_STATE_WORKING);
    expect(
      await store.load('shared', new ServerCallContext({ user: callerUser('carol', true) })),
    ).toBeUndefined();
  });

  it('hands out copies: changing a loaded or saved task changes nothing stored', async () => {
    const { store } = storeOf(10);
    const saved = task('t', TaskState.TASK_STATE_COMPLETED);
    await store.save(saved, alice);
    saved.contextId = 'changed after save';
    const loaded = (await store.load('t', alice)) as Task;
    loaded.history.push({
      messageId: 'm',
      contextId: 'x',
      taskId: 't',
      role: 1,
      parts: [],
      metadata: undefined,
      extensions: [],
      referenceTaskIds: [],
    });
    expect(await store.load('t', alice)).toEqual(task('t', TaskState.TASK_STATE_COMPLETED));
  });

  it("answers GetTask for a dropped task with the SDK handler's TaskNotFoundError", async () => {
    const { store } = storeOf(1);
    const executor: AgentExecutor = { execute: async () => undefined, cancelTask: async () => undefined };
    const card = agentCardOf({
      identity: {
        id: 'desk',
        name: 'Desk',
        version: '1.0.0',
        routePrefix: 'desk',
        description: 'A test agent',
      },
      endpoints: [],
      baseUrl: 'http://127.0.0.1',
      authRequired: true,
    });
    const handler = new DefaultRequestHandler(card, store, executor);
    await store.save(task('old', TaskState.TASK_STATE_COMPLETED), alice);
    await expect(
      handler.getTask({ id: 'old', tenant: '', historyLength: undefined }, alice),
    ).resolves.toMatchObject({ id: 'old' });
    await store.save(task('new', TaskState.TASK_STATE_COMPLETED), alice);
    await expect(
      handler.getTask({ id: 'old', tenant: '', historyLength: undefined }, alice),
    ).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  describe("ListTasks answers as the SDK's InMemoryTaskStore does", () => {
    const tasks = [
      task('t1', TaskState.TASK_STATE_COMPLETED, '2026-12-06T09:00:01.000Z', 'ctx-a'),
      task('t2', TaskState.TASK_STATE_WORKING, '2026-12-06T09:00:03.000Z', 'ctx-b'),
      task('t3', TaskState.TASK_STATE_COMPLETED, '2026-12-06T09:00:03.000Z', 'ctx-a'),
      task('t4', TaskState.TASK_STATE_FAILED, '2026-12-06T09:00:02.000Z', 'ctx-a'),
      task('t5', TaskState.TASK_STATE_COMPLETED, '2026-12-06T09:00:05.000Z', 'ctx-b'),
    ];
    const request = {
      tenant: '',
      contextId: '',
      status: TaskState.TASK_STATE_UNSPECIFIED,
      pageSize: undefined,
      pageToken: '',
      historyLength: undefined,
      statusTimestampAfter: undefined,
      includeArtifacts: undefined,
    };

    async function both() {
      const sdk = new InMemoryTaskStore();
      const { store } = storeOf(100);
      for (const each of tasks) {
        await sdk.save(each, alice);
        await store.save(each, alice);
      }
      return { sdk, store };
    }

    it.each([
      ['everything', {}],
      ['one context', { contextId: 'ctx-a' }],
      ['one state', { status: TaskState.TASK_STATE_COMPLETED }],
      ['changed after a time', { statusTimestampAfter: '2026-12-06T09:00:02.500Z' }],
      ['with artifacts', { includeArtifacts: true }],
      ['a page of two', { pageSize: 2 }],
    ])('%s', async (_label, params) => {
      const { sdk, store } = await both();
      expect(await store.list({ ...request, ...params }, alice)).toEqual(
        await sdk.list({ ...request, ...params }, alice),
      );
      expect(await store.list({ ...request, ...params }, bob)).toEqual(
        await sdk.list({ ...request, ...params }, bob),
      );
    });

    it("follows the SDK's cursors page by page, and refuses a malformed one as the SDK does", async () => {
      const { sdk, store } = await both();
      let ours = await store.list({ ...request, pageSize: 2 }, alice);
      let theirs = await sdk.list({ ...request, pageSize: 2 }, alice);
      const pages = [ours.tasks.map((t) => t.id)];
      while (theirs.nextPageToken !== '') {
        expect(ours.nextPageToken).toBe(theirs.nextPageToken);
        ours = await store.list({ ...request, pageSize: 2, pageToken: ours.nextPageToken }, alice);
        theirs = await sdk.list({ ...request, pageSize: 2, pageToken: theirs.nextPageToken }, alice);
        expect(ours).toEqual(theirs);
        pages.push(ours.tasks.map((t) => t.id));
      }
      expect(pages).toEqual([['t5', 't3'], ['t2', 't4'], ['t1']]);
      const malformed = Buffer.from('no separator').toString('base64');
      await expect(sdk.list({ ...request, pageToken: malformed }, alice)).rejects.toBeInstanceOf(
        RequestMalformedError,
      );
      await expect(store.list({ ...request, pageToken: malformed }, alice)).rejects.toBeInstanceOf(
        RequestMalformedError,
      );
    });
  });
});
