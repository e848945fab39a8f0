import { randomFillSync } from 'node:crypto';

/**
 * CSPRNG bytes taken from a pre-filled pool, as node's randomUUID does: one randomFillSync per
 * 4 kB instead of three randomBytes calls per token (a measurable share of the token endpoint).
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomString(size: number, encoding: 'base64' | 'base64url'): string {
  if (offset + size > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const text = pool.toString(encoding, offset, offset + size);
  offset += size;
  return text;
}

/** Values Entra puts in tokens that mean nothing outside Entra; shaped like the real ones. */
export const opaqueIds = {
  /** `uti`: the token's own id, 22 base64url characters. */
  uti: () => randomString(16, 'base64url'),
  /** `aio`: internal data, standard base64 with padding. */
  aio: () => randomString(23, 'base64'),
  /** `rh`: the refresh hint, `0.A…AAA.`. */
  rh: () => `0.A${randomString(42, 'base64url')}AAA.`,
};
