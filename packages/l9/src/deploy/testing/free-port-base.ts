import { isPortFree } from '../port-check';

/** A base port with `count` free ports after it, away from the default 8000 range other runs may use. */
export async function freePortBase(count: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map((port) => isPortFree(port)))).every(Boolean)) return base;
  }
}
