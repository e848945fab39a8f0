import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, startCli } from '../helpers/run-cli.js';
import { defaultConfigObject, tempDir, withFreePorts, writeConfig } from '../helpers/temp-config.js';

// Runs the built CLI (`npm run build` first), as `fedlab start` runs for users.
let dir: string;
beforeEach(() => {
  dir = tempDir('fedlab-shutdown-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves with the exit code, or rejects when the process is still alive after `ms`. */
function exitWithin(child: ReturnType<typeof spawn>, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running ${ms} ms after SIGTERM`));
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

const refused = (url: string) => fetch(`${url}/health`).then(() => false, () => true);

test('SIGTERM ends fedlab start with 0 after the reader of its output has gone (EPIPE on stdout and stderr)', async () => {
  const config = writeConfig(dir, withFreePorts(defaultConfigObject()));
  const stateDir = join(dir, 'state');
  // Like `fedlab start 2>&1 | head -c 100`: one pipe for both streams, its reader leaves after the first chunk.
  const reader = spawn(process.execPath, ['-e', "process.stdin.once('data', () => process.exit(0))"], { stdio: ['pipe', 'ignore', 'ignore'] });
  const readerGone = new Promise((resolve) => reader.on('exit', resolve));
  const child = spawn(process.execPath, [CLI, 'start', '--config', config, '--state-dir', stateDir, '--log-level', 'info'], { stdio: ['ignore', reader.stdin, reader.stdin] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await readerGone;
  const urlsFile = join(stateDir, 'urls.json');
  for (let waited = 0; !existsSync(urlsFile); waited += 50) {
    if (waited > 20_000) throw new Error('fedlab did not write its urls file');
    await new Promise((r) => setTimeout(r, 50));
  }
  const urls = JSON.parse(readFileSync(urlsFile, 'utf8'));
  // Still serving: a broken pipe is no reason to stop (nor to stay once told to).
  expect((await fetch(`${urls.aws.endpoint}/health`)).status).toBe(200);
  child.kill('SIGTERM');
  const outcome = await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000, 'still running'))]);
  if (outcome !== 0) child.kill('SIGKILL');
  expect(outcome).toBe(0);
  expect(await refused(urls.aws.endpoint)).toBe(true);
}, 40_000);

test('SIGTERM during a load of concurrent requests closes the listeners and exits 0 within the bound', async () => {
  const config = writeConfig(dir, withFreePorts(defaultConfigObject()));
  const stateDir = join(dir, 'state');
  const { child } = await startCli(['start', '--config', config, '--state-dir', stateDir, '--log-level', 'silent']);
  const urls = JSON.parse(readFileSync(join(stateDir, 'urls.json'), 'utf8'));
  let answered = 0;
  let stop = false;
  // Keep-alive clients hammering the AWS listener (a query that fedlab parses and refuses).
  const clients = Array.from({ length: 16 }, async () => {
    while (!stop) {
      try {
        await (await fetch(`${urls.aws.endpoint}/?Action=GetWebIdentityToken&Version=2011-06-15`, { method: 'POST' })).text();
        answered += 1;
      } catch {
        return;
      }
    }
  });
  while (answered < 50) await new Promise((r) => setTimeout(r, 20));
  const exited = exitWithin(child, 10_000);
  child.kill('SIGTERM');
  const code = await exited;
  stop = true;
  await Promise.all(clients);
  expect(code).toBe(0);
  expect(await refused(urls.aws.endpoint)).toBe(true);
});

test('with --workers 2, SIGTERM to the primary ends every worker too', async () => {
  const config = writeConfig(dir, withFreePorts(defaultConfigObject()));
  const stateDir = join(dir, 'state');
  const { child, stdout } = await startCli(['start', '--config', config, '--state-dir', stateDir, '--log-level', 'silent', '--workers', '2'], 60_000);
  const pids = stdout().match(/pids ([\d, ]+)\)/)![1].split(', ').map(Number);
  expect(pids).toHaveLength(2);
  const exited = exitWithin(child, 15_000);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  expect(pids.filter(alive)).toEqual([]);
}, 90_000);
