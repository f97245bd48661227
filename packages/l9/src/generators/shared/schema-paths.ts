/**
 * `--schema` as users give it: one path, a comma-separated list (`--schema=a.md,b.yaml`), or the flag
 * repeated (`--schema a.md --schema b.yaml`), which Nx passes as an array.
 */
export function schemaPaths(option: string | readonly string[]): string[] {
  const values = typeof option === 'string' ? [option] : [...option];
  return values.flatMap((value) => value.split(',')).map((path) => path.trim()).filter((path) => path !== '');
}
