/** Milliseconds since the epoch; injected so expiry and retention can be tested without waiting. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
