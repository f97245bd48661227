/** UTF-8 bytes of `value` serialized as JSON. */
export function jsonByteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

export type PayloadSizeResult =
  { ok: true; bytes: number } | { ok: false; bytes: number; limit: number; message: string };

export function checkPayloadSize(value: unknown, limitBytes: number, label = 'payload'): PayloadSizeResult {
  const bytes = jsonByteSize(value);
  if (bytes <= limitBytes) return { ok: true, bytes };
  return {
    ok: false,
    bytes,
    limit: limitBytes,
    message: `${label} is ${bytes} bytes, over the limit of ${limitBytes} bytes`,
  };
}
