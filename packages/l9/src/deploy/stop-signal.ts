/** Resolves on the first SIGINT or SIGTERM; `abort` fires at the same moment for a start in progress. */
export function nextStopSignal(): {
  stopped: Promise<NodeJS.Signals>;
  abort: AbortSignal;
  dispose: () => void;
} {
  const controller = new AbortController();
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => {
      controller.abort();
      resolve(signal);
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stopped,
    abort: controller.signal,
    dispose: () => (process.off('SIGINT', onSignal), process.off('SIGTERM', onSignal)),
  };
}
