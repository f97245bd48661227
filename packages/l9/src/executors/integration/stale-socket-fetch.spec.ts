import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchRetryingStaleSocket } from './stale-socket-fetch';

/** A server that closes the socket of its first request without answering, then answers every other one. */
async function closingOnce(): Promise<{ server: Server; url: string; requests: () => number }> {
  let count = 0;
  const server = createServer((request, response) => {
    count += 1;
    if (count === 1) request.socket.destroy();
    else response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => count,
  };
}

describe('fetch retrying a socket the agent closed', () => {
  it('tries a GET once more on a fresh socket', async () => {
    const { server, url, requests } = await closingOnce();
    try {
      const response = await fetchRetryingStaleSocket(url);
      expect(await response.text()).toBe('ok');
      expect(requests()).toBe(2);
    } finally {
      server.close();
    }
  });

  it('never repeats a POST, which the agent may have handled', async () => {
    const { server, url, requests } = await closingOnce();
    try {
      await expect(fetchRetryingStaleSocket(url, { method: 'POST', body: '{}' })).rejects.toThrow(
        'fetch failed',
      );
      expect(requests()).toBe(1);
    } finally {
      server.close();
    }
  });
});
