import { randomBytes } from 'node:crypto';

/** Values Entra puts in tokens that mean nothing outside Entra; shaped like the real ones. */
export const opaqueIds = {
  /** `uti`: the token's own id, 22 base64url characters. */
  uti: () => randomBytes(16).toString('base64url'),
  /** `aio`: internal data, standard base64 with padding. */
  aio: () => randomBytes(23).toString('base64'),
  /** `rh`: the refresh hint, `0.A…AAA.`. */
  rh: () => `0.A${randomBytes(42).toString('base64url')}AAA.`,
};
