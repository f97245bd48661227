import { asTheyCome } from './as-they-come';

describe('asTheyCome', () => {
  it('yields each value while the run is still going, then ends when it settles', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    for await (const value of asTheyCome<string>(async (emit) => {
      emit('first');
      // Waits for the consumer to have seen 'first': without streaming this would never end.
      await released;
      emit('second');
    })) {
      seen.push(value);
      if (value === 'first') release();
    }
    expect(seen).toEqual(['first', 'second']);
  });

  it('yields what was emitted before the run failed, then throws its error', async () => {
    const seen: string[] = [];
    const consume = async () => {
      for await (const value of asTheyCome<string>(async (emit) => {
        emit('done');
        throw new Error('broke');
      }))
        seen.push(value);
    };
    await expect(consume()).rejects.toThrow('broke');
    expect(seen).toEqual(['done']);
  });
});
