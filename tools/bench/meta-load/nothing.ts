/** Bench entry: the baseline, a process that loads nothing. */
export {};
