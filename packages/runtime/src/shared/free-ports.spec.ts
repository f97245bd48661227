import { createServer, type Server } from 'node:net';
import { freePort, freePortRange, freePorts, isPortFree } from './free-ports';

function bind(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject).listen(port, '127.0.0.1', () => resolve(server));
  });
}
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('free ports', () => {
  it('gives n distinct ports, each bindable on loopback right after', async () => {
    const ports = await freePorts(8);
    expect(ports).toHaveLength(8);
    expect(new Set(ports).size).toBe(8);
    // All held at once: a port handed out twice, or one still held by the finder, fails here with EADDRINUSE.
    const servers = await Promise.all(ports.map(bind));
    await Promise.all(servers.map(close));
  });

  it('gives one bindable port, and none for zero', async () => {
    await close(await bind(await freePort()));
    expect(await freePorts(0)).toEqual([]);
  });

  it('refuses a count that is not a whole number of ports', async () => {
    await expect(freePorts(-1)).rejects.toThrow(/count must be a whole number of ports, got -1/);
    await expect(freePorts(1.5)).rejects.toThrow(/got 1.5/);
  });

  it('tells a port someone listens on from a free one', async () => {
    const held = await bind(0);
    const port = (held.address() as { port: number }).port;
    try {
      expect(await isPortFree(port)).toBe(false);
    } finally {
      await close(held);
    }
    expect(await isPortFree(port)).toBe(true);
  });

  it('gives the base of a range of consecutive free ports', async () => {
    const base = await freePortRange(4);
    expect(base).toBeGreaterThanOrEqual(20_000);
    expect(base + 3).toBeLessThan(50_000);
    const servers = await Promise.all([0, 1, 2, 3].map((i) => bind(base + i)));
    await Promise.all(servers.map(close));
    await expect(freePortRange(0)).rejects.toThrow(/count must be a whole number from 1 to 10000, got 0/);
  });
});
