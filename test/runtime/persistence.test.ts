import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptStateError } from '../../src/core/state-dir.js';
import { startParties } from '../../src/start-parties.js';
import { tempDir } from '../helpers/temp-config.js';
import { ACCOUNT, runtimeConfig } from './support.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('fedlab-runtime-state-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const start = () => startParties({ config: runtimeConfig(), stateDir: dir, ports: 'auto' });
const stateFile = () => join(dir, 'aws', 'accounts', `${ACCOUNT}.json`);
const ADDED = { arn: 'arn:aws:iam::111122223333:role/kept', accessKeyId: 'AKIAFEDLABKEPT000001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEPT' };

test('principals, the federation switch and key generations survive a restart with the state dir', async () => {
  const first = await start();
  first.aws.addPrincipal(ACCOUNT, ADDED);
  first.aws.removePrincipal(ACCOUNT, 'AKIAI44QH8DHBEXAMPLE');
  first.aws.setFederation(ACCOUNT, false);
  await first.aws.rotateSigningKeys(ACCOUNT, { retireOldAfterSeconds: 3600 });
  const before = first.aws.accounts()[0]!;
  await first.close();

  const second = await start();
  try {
    const after = second.aws.accounts()[0]!;
    expect(after.outboundFederation).toBe('disabled');
    expect(after.principals.map((p) => p.accessKeyId)).toEqual(before.principals.map((p) => p.accessKeyId));
    expect(after.principals.map((p) => p.accessKeyId)).toContain(ADDED.accessKeyId);
    expect(after.principals.map((p) => p.accessKeyId)).not.toContain('AKIAI44QH8DHBEXAMPLE');
    expect(after.signingKids).toEqual(['RSA_1', 'EC384_1']);
    expect(after.keys).toEqual(before.keys);
    expect(after.issuerId).toBe(before.issuerId);
    expect(second.aws.principal(ADDED.accessKeyId)?.secretAccessKey).toBe(ADDED.secretAccessKey);
  } finally {
    await second.close();
  }
  // The file is plain JSON: config principals are not copied, only the changes.
  const saved = JSON.parse(readFileSync(stateFile(), 'utf8'));
  expect(saved).toMatchObject({ federation: 'disabled', principals: { added: [expect.objectContaining({ accessKeyId: ADDED.accessKeyId })], removed: ['AKIAI44QH8DHBEXAMPLE'] } });
});

test.each([
  ['not JSON', '{"issuerId": "3f1c', /is corrupt \(.*JSON/],
  ['the wrong shape', JSON.stringify({ issuerId: 'not-a-uuid', keys: [] }), /is corrupt \(issuerId: /],
  ['a bad principal', JSON.stringify({ issuerId: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b', keys: [], principals: { added: [{ arn: 'x' }], removed: [] } }), /is corrupt \(principals\.added\.0\.arn: /],
])('a state file with %s is refused with an error naming the file', async (_what, content, reason) => {
  const first = await start();
  await first.close();
  writeFileSync(stateFile(), content);
  const error = await start().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CorruptStateError);
  expect((error as Error).message).toContain(stateFile());
  expect((error as Error).message).toMatch(reason);
  // Never silently reset.
  expect(readFileSync(stateFile(), 'utf8')).toBe(content);
});

test('the rule for state at start: saved runtime changes win for the same configuration, an edited configuration starts from its own', async () => {
  const first = await start();
  expect(first.aws.accounts()[0]!.outboundFederation).toBe('enabled');
  first.aws.setFederation(ACCOUNT, false);
  await first.close();

  const same = await start();
  const kept = same.aws.accounts()[0]!.outboundFederation;
  await same.close();
  expect(kept).toBe('disabled');

  const edited = runtimeConfig();
  edited.aws.accounts[0]!.principals![0]!.tags = { team: 'edited' };
  const other = await startParties({ config: edited, stateDir: dir, ports: 'auto' });
  const fresh = other.aws.accounts()[0]!.outboundFederation;
  await other.close();
  expect(fresh).toBe('enabled');
});
