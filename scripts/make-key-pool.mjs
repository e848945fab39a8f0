// Regenerates fixtures/keys/pool.json: test-only signing keys used when fedlab runs without a
// state dir, so that in-process starts need no key generation. Never trust these keys anywhere.
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
const rsa = Array.from({ length: 24 }, () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }));
const ec384 = Array.from({ length: 24 }, () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'jwk' }));
writeFileSync(new URL('../fixtures/keys/pool.json', import.meta.url), JSON.stringify({
  note: 'Test-only keys published with fedlab. Anyone can sign with them: never trust them outside fedlab.',
  rsa, ec384 }) + '\n');
