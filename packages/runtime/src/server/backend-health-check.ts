import type { Backend, BackendHealth, BackendKind } from '../backend-health';

/** Kind last reported by each backend, so a backend that stops answering is still shown with its kind. */
const lastKnownKind = new WeakMap<Backend, BackendKind>();

/**
 * Asks every backend for its health in parallel. A check that throws or does not answer within `timeoutMs`
 * counts as down, so one hung backend cannot hang `/health`. Results carry the name the server knows them by.
 */
export async function checkBackends(
  backends: Record<string, Backend>,
  timeoutMs: number,
): Promise<BackendHealth[]> {
  const names = Object.keys(backends).sort();
  return Promise.all(names.map((name) => checkOne(name, backends[name], timeoutMs)));
}

async function checkOne(name: string, backend: Backend, timeoutMs: number): Promise<BackendHealth> {
  let timer: NodeJS.Timeout | undefined;
  const down = (detail: string): BackendHealth => ({
    name,
    kind: lastKnownKind.get(backend) ?? 'memory',
    status: 'down',
    detail,
  });
  const timeout = new Promise<BackendHealth>((resolve) => {
    timer = setTimeout(() => resolve(down(`health check did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const reported = backend.health().then((health) => {
      lastKnownKind.set(backend, health.kind);
      return { ...health, name };
    });
    return await Promise.race([reported, timeout]);
  } catch (error) {
    return down(`health check failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}
