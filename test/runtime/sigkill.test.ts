import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startParties } from '../../src/start-parties.js';
import { CLI, startCli } from '../helpers/run-cli.js';
import { tempDir, withFreePorts, writeConfig } from '../helpers/temp-config.js';
import { ACCOUNT, runtimeConfig } from './support.js';

// Runs the built CLI (`npm run build` first), as `fedlab start` runs for users.
let dir: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
});
beforeEach(() => {
  dir = tempDir('fedlab-sigkill-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const principal = (i: number) => ({
  arn: `arn:aws:iam::111122223333:role/write-${i}`,
  accessKeyId: `AKIAFEDLABKILL${String(i).padStart(6, '0')}`,
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKILL',
});

/**
 * Admin writes one after another (each answered only once it is on disk) until the process dies;
 * the kill comes from a timer, so it lands wherever the server happens to be in a write. The timer
 * starts once the first write is answered: a first request that loads code lazily on a busy machine
 * must not outlast it.
 */
async function writeUntilKilled(endpoint: string, killAfterMs: number, kill: () => void, start: number): Promise<number> {
  for (let i = start; ; i++) {
    if (i === start + 1) setTimeout(kill, killAfterMs);
    try {
      const res = await fetch(`${endpoint}/_fedlab/accounts/${ACCOUNT}/principals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(principal(i)) });
      if (res.status !== 201) throw new Error(`write ${i} answered ${res.status}: ${await res.text()}`);
    } catch (error) {
      if ((error as Error).message.startsWith('write ')) throw error;
      return i - start;
    }
  }
}

test('SIGKILL in the middle of a stream of admin writes leaves a state file that loads and holds a prefix of them', async () => {
  const configFile = writeConfig(dir, withFreePorts(runtimeConfig()));
  const stateDir = join(dir, 'state');
  let next = 0;
  let kept = 0;
  for (const killAfterMs of [300, 120, 700]) {
    const { child, exited } = await startCli(['start', '--config', configFile, '--state-dir', stateDir, '--log-level', 'silent']);
    const urls = JSON.parse(readFileSync(join(stateDir, 'urls.json'), 'utf8'));
    const acked = await writeUntilKilled(urls.aws.endpoint, killAfterMs, () => child.kill('SIGKILL'), next);
    expect(await exited).toBeNull();

    const saved = JSON.parse(readFileSync(join(stateDir, 'aws', 'accounts', `${ACCOUNT}.json`), 'utf8'));
    const keys: string[] = saved.principals.added.map((p: { accessKeyId: string }) => p.accessKeyId);
    // A prefix of everything sent so far, holding at least every acknowledged write.
    expect(keys).toEqual(Array.from({ length: keys.length }, (_, i) => principal(i).accessKeyId));
    expect(keys.length).toBeGreaterThanOrEqual(next + acked);
    expect(keys.length).toBeLessThanOrEqual(next + acked + 1);
    expect(acked).toBeGreaterThan(0);
    kept = keys.length;
    next = keys.length;
  }

  // The kept state loads in a normal start.
  const fedlab = await startParties({ configFile, stateDir, ports: 'auto' });
  try {
    const runtime = fedlab.aws.accounts()[0]!.principals.filter((p) => p.source === 'runtime');
    expect(runtime).toHaveLength(kept);
  } finally {
    await fedlab.close();
  }
}, 120_000);
