import type { FastifyInstance } from 'fastify';

/**
 * Closes `app` as `app.close()` does — no new connections, requests in flight finish — but within `deadlineMs`.
 * Once a Node server is closing it no longer enforces the header and request deadlines, so one client trickling
 * bytes (or a request that never ends) would hold the close, and the agent's exit, until the idle timeout or for
 * ever, and a supervisor would have to kill it. After the deadline every connection still open is cut: none of
 * them was answered, so nothing the agent acknowledged is lost.
 */
export async function closeWithin(app: FastifyInstance, deadlineMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), deadlineMs);
  timer.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
