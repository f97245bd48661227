/**
 * Errors from drivers may come from another realm (Jest's sandbox, worker threads), where
 * `instanceof Error` is false; these checks look at the shape instead.
 */
export function isErrorLike(value: unknown): value is Error & { code?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

export function errorCode(value: unknown): string | undefined {
  const code = isErrorLike(value) ? value.code : undefined;
  return typeof code === 'string' ? code : undefined;
}
