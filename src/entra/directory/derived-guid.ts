import { createHash } from 'node:crypto';

/**
 * A GUID that always comes out the same for the same parts (name-based, like RFC 9562's v5 but
 * over SHA-256): object ids of configured applications and credentials stay stable across starts.
 */
export function derivedGuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\n')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
