import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { CLI } from '../helpers/run-cli.js';
import { findNginx } from '../helpers/nginx-path.js';
import { freePort } from '../helpers/redis-process.js';
import { publicCertificate } from './helpers/public-certificate.js';
import { startRedisServer, type RedisServer } from './helpers/redis-server.js';

/**
 * The README's "Several machines" nginx configuration, as written, in front of two replicas on one
 * Redis: TLS ends at nginx with a certificate for the public names from the operator's own CA, and
 * nginx re-encrypts to the HTTPS parties trusting fedlab's CA. Only the addresses, the listen port
 * and the file paths are replaced. The public names resolve to 127.0.0.1 (what the operator's DNS
 * would do) in the replicas and in the client, which knows fedlab only by those names.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROGRAMS = fileURLToPath(new URL('./programs/', import.meta.url));
const NAMES = { aws: 'sts', entra: 'login', vault: 'vault', arm: 'management', console: 'console' } as const;
type Party = keyof typeof NAMES;
const DEFAULT_PORTS: Record<string, Party> = { 4580: 'aws', 4581: 'entra', 4582: 'vault', 4583: 'console', 4585: 'arm' };
const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const WORKLOAD_APP = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';
const SUBSCRIPTION = 'd2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52';

/** The nginx block of the README's "Several machines" section. */
function readmeNginx(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('An nginx configuration for two replicas'));
  return /```nginx\n([\s\S]*?)```/.exec(section)![1]!;
}

let dir: string;
let redis: RedisServer;
const children: ChildProcess[] = [];
let publicPort: number;
let caPath: string;
let balancerCaPath: string;

/** Resolves once `ready` shows in its output, or (`ready` a port) once that port accepts a connection. */
function spawnUntil(command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp | number, what: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${output}`)), 30_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready instanceof RegExp && ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}): ${output}`));
    });
    if (typeof ready === 'number') {
      const probe = () => {
        const socket = connect(ready, '127.0.0.1');
        socket.once('connect', () => (socket.destroy(), clearTimeout(timer), resolve(child)));
        socket.once('error', () => (socket.destroy(), child.exitCode === null && setTimeout(probe, 100)));
      };
      probe();
    }
  });
}

/** As every replica runs it: public names in DNS, the balancer's CA among the trusted ones. */
const replicaEnv = () => ({ NODE_OPTIONS: `--import ${join(PROGRAMS, 'public-names-dns.mjs')}`, NODE_EXTRA_CA_CERTS: balancerCaPath });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fedlab-nginx-'));
  chmodSync(dir, 0o755); // nginx's workers may run as another user
  redis = await startRedisServer();
  publicPort = await freePort();
  const publicUrl = (party: Party) => `https://${NAMES[party]}.fedlab.example.com:${publicPort}`;

  // The balancer's certificate first: Node reads NODE_EXTRA_CA_CERTS once, at start.
  const balancer = await publicCertificate(Object.values(NAMES).map((n) => `${n}.fedlab.example.com`));
  balancerCaPath = join(dir, 'balancer-ca.pem');
  writeFileSync(balancerCaPath, balancer.caPem);
  writeFileSync(join(dir, 'fedlab.example.com.crt'), balancer.certPem);
  writeFileSync(join(dir, 'fedlab.example.com.key'), balancer.keyPem);
  for (const file of ['fedlab.example.com.crt', 'fedlab.example.com.key', 'balancer-ca.pem']) chmodSync(join(dir, file), 0o644);

  // Two replicas: the same file but for each section's port (the README's rule).
  const ports: Record<Party, number>[] = [];
  for (const replica of [0, 1]) {
    const config = parse(readFileSync(join(ROOT, 'fixtures/fedlab.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
    delete config.github;
    const own = {} as Record<Party, number>;
    for (const party of Object.keys(NAMES) as Party[]) {
      own[party] = await freePort();
      config[party] = { ...config[party], port: own[party], publicUrl: publicUrl(party) };
    }
    ports.push(own);
    const file = join(dir, `replica-${replica}.yaml`);
    writeFileSync(file, stringify(config));
    await spawnUntil(process.execPath, [CLI, 'start', '-c', file, '--store', redis.url, '--state-dir', join(dir, `state-${replica}`), '--log-level', 'warn'], replicaEnv(), /fedlab ready/, `replica ${replica}`);
  }
  // `fedlab ca` on any replica: the CA is shared (it comes from the store, not the state dir).
  caPath = (await runFedlab(['ca'], join(dir, 'state-0'))).trim();
  expect(readFileSync(caPath, 'utf8')).toBe(readFileSync((await runFedlab(['ca'], join(dir, 'state-1'))).trim(), 'utf8'));

  chmodSync(join(dir, 'state-0'), 0o755);
  chmodSync(caPath, 0o644);

  const servers = readmeNginx()
    .replace(/10\.0\.0\.1([12]):(\d+)/g, (_all, machine: string, port: string) => `127.0.0.1:${ports[Number(machine) - 1]![DEFAULT_PORTS[port]!]}`)
    .replaceAll('listen 443 ssl;', `listen 127.0.0.1:${publicPort} ssl;`)
    .replaceAll('/etc/nginx/tls/', `${dir}/`)
    .replaceAll('/etc/fedlab/ca.pem', caPath);
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  writeFileSync(join(dir, 'nginx.conf'), `daemon off;\nworker_processes 1;\npid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'nginx-error.log')} warn;\nevents {}\nhttp {\n  access_log off;\n  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}\n${servers}\n}\n`);
  await spawnUntil(findNginx()!, ['-p', dir, '-e', join(dir, 'nginx-error.log'), '-c', join(dir, 'nginx.conf')], {}, publicPort, 'nginx');
}, 90_000);

afterAll(async () => {
  for (const child of children.reverse()) {
    if (child.exitCode !== null) continue;
    child.removeAllListeners('exit');
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
  await redis?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runFedlab(args: string[], stateDir: string): Promise<string> {
  return runProgram(process.execPath, [CLI, ...args, '--state-dir', stateDir], {});
}

function runProgram(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stdout}${stderr}`))));
  });
}

test('a program that knows only the public names mints, exchanges, reads the secret twice, lists identities at ARM and opens the console, through nginx', async () => {
  const url = (party: Party) => `https://${NAMES[party]}.fedlab.example.com:${publicPort}`;
  const output = await runProgram(process.execPath, [join(PROGRAMS, 'through-balancer.mjs')], {
    ...replicaEnv(),
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    STS_ENDPOINT: url('aws'),
    AUTHORITY_HOST: url('entra'),
    VAULT_URL: url('vault'),
    ARM_URL: url('arm'),
    CONSOLE_URL: url('console'),
    AZURE_TENANT_ID: TENANT,
    AZURE_CLIENT_ID: WORKLOAD_APP,
    SUBSCRIPTION_ID: SUBSCRIPTION,
  });
  const result = JSON.parse(output.trim().split('\n').pop()!);
  expect(result).toEqual({
    secret: 'hello from Azure, fetched with no long-lived secret',
    secretAgain: 'hello from Azure, fetched with no long-lived secret',
    identities: expect.any(Array),
    console: { status: 200, accounts: expect.any(Number) },
    issuers: [expect.stringMatching(new RegExp(`^${url('aws').replaceAll('.', '\\.')}/[0-9a-f-]{36}$`))],
  });
  expect(readFileSync(join(dir, 'nginx-error.log'), 'utf8')).not.toMatch(/\[(error|crit|alert|emerg)\]/);
}, 60_000);
