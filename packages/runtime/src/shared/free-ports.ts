import { createServer, type Server } from 'node:net';

/** Loopback: a port found free here is what an agent or test server binds next, never one reachable from outside. */
const LOOPBACK = '127.0.0.1';

/** Binds `port` on loopback (0: the kernel picks one); rejects with why it could not, naming the address. */
function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `cannot bind ${LOOPBACK}:${port} to find a free port (${error.code ?? error.message})${port === 0 ? ': the kernel gave no port, are the ephemeral ports used up or loopback down?' : ''}`,
        ),
      ),
    );
    server.listen(port, LOOPBACK, () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error(`a TCP listener on ${LOOPBACK} reported no port (address ${String(address)})`);
  return address.port;
}

function release(servers: readonly Server[]): Promise<void> {
  return Promise.all(
    servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  ).then(() => undefined);
}

/**
 * `count` distinct TCP ports nothing listens on at 127.0.0.1: all are bound at once (port 0, so the kernel
 * chooses and no two are equal), read, then released together. A program started right after binds one of
 * them; another one grabbing it in between shows up as that program's start failure, never as a shared port.
 */
export async function freePorts(count: number): Promise<number[]> {
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`freePorts: count must be a whole number of ports, got ${String(count)}`);
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) servers.push(await listen(0));
    return servers.map(portOf);
  } finally {
    await release(servers);
  }
}

/** One TCP port nothing listens on at 127.0.0.1 (see freePorts). */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

/** Whether nothing listens on 127.0.0.1:`port`: binds it for an instant and lets go. */
export async function isPortFree(port: number): Promise<boolean> {
  try {
    await release([await listen(port)]);
    return true;
  } catch {
    return false;
  }
}

/** How many random bases freePortRange tries before it says why it found none. */
const RANGE_ATTEMPTS = 50;

/**
 * The first of `count` consecutive free ports at 127.0.0.1, for what takes a port base rather than a list (the
 * `--port-base` of a deployment): bases are drawn from 20000–49999, below most kernels' ephemeral range and away
 * from the 8000 range a default deployment uses, and every port of the range is checked by binding it.
 */
export async function freePortRange(count: number): Promise<number> {
  if (!Number.isInteger(count) || count < 1 || count > 10_000)
    throw new Error(`freePortRange: count must be a whole number from 1 to 10000, got ${String(count)}`);
  for (let attempt = 0; attempt < RANGE_ATTEMPTS; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * (30_000 - count));
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map(isPortFree))).every(Boolean)) return base;
  }
  throw new Error(
    `freePortRange: no ${count} consecutive free ports at ${LOOPBACK} between 20000 and 49999 after ${RANGE_ATTEMPTS} random bases; the machine's ports are crowded, ask for fewer`,
  );
}
