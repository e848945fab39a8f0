import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { runCli, startCli } from '../helpers/run-cli.js';
import { defaultConfigObject, tempDir, withFreePorts, writeConfig } from '../helpers/temp-config.js';

// `fedlab demo --real-hostnames` against a running `fedlab start --proxy`, whose proxy the test
// reaches only through a relay that records the first line of every connection: if the demo
// bypassed the proxy (or used fedlab's listener URLs), the relay would see no CONNECT.
const stateDir = tempDir();
let fedlab: Awaited<ReturnType<typeof startCli>>;
let urls: Record<string, any>;
let relay: { url: string; seen: string[]; close(): Promise<void> };

function startRelay(targetPort: number): Promise<typeof relay> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.once('data', (first) => {
      seen.push(first.toString('latin1').split('\r\n')[0]!);
      const upstream = connect(targetPort, '127.0.0.1', () => {
        upstream.write(first);
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
    });
    client.on('error', () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        close: () => new Promise<void>((done) => (sockets.forEach((s) => s.destroy()), server.close(() => done()))),
      }),
    ),
  );
}

/** A urls file like the running fedlab's, with `change` applied (what the demo reads). */
function urlsFileWith(change: (copy: Record<string, any>) => void): string {
  const copy = JSON.parse(JSON.stringify(urls));
  change(copy);
  const file = join(tempDir(), 'urls.json');
  writeFileSync(file, JSON.stringify(copy));
  return file;
}

beforeAll(async () => {
  const configFile = writeConfig(tempDir(), withFreePorts(defaultConfigObject()));
  fedlab = await startCli(['start', '--config', configFile, '--state-dir', stateDir, '--proxy', '0', '--log-level', 'silent'], 30_000);
  urls = JSON.parse(readFileSync(join(stateDir, 'urls.json'), 'utf8'));
  relay = await startRelay(Number(new URL(urls.proxy.url).port));
}, 40_000);
afterAll(async () => {
  await relay?.close();
  fedlab?.child.kill('SIGTERM');
  await fedlab?.exited;
});

test('every step goes through the proxy by the real host names: SDK-resolved STS endpoint, real issuer, Microsoft authority, the vault by name', async () => {
  const file = urlsFileWith((copy) => (copy.proxy.url = relay.url));
  const result = await runCli(['demo', '--real-hostnames', '--json', '--urls-file', file], {}, 60_000);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout);
  const step = (id: string) => report.steps.find((s: { id: string }) => s.id === id);
  expect(report.steps.every((s: { ok: boolean }) => s.ok)).toBe(true);
  expect(report.inputs).toMatchObject({ proxyUrl: relay.url, authorityHost: 'https://login.microsoftonline.com', vaultUrl: 'https://fedlab-vault.vault.azure.net' });
  expect(report.inputs.awsEndpoint).toBeUndefined();
  expect(step('aws-token').details.endpoint).toBe('https://sts.us-east-1.amazonaws.com');
  const issuer = step('aws-claims').details.claims.iss as string;
  expect(issuer).toBe(urls.real.issuers['111122223333']);
  expect(issuer).toMatch(/^https:\/\/[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$/);
  expect(step('issuer-discovery').details.jwks_uri).toBe(`${issuer}/.well-known/jwks.json`);
  expect(step('vault-secret').details).toMatchObject({ vaultUrl: 'https://fedlab-vault.vault.azure.net', value: 'hello from Azure, fetched with no long-lived secret' });
  // What reached the proxy: its health check, then one tunnel per host name the clients resolved.
  expect(relay.seen[0]).toBe('GET /health HTTP/1.1');
  const tunnels = new Set(relay.seen.filter((line) => line.startsWith('CONNECT ')));
  expect(tunnels).toEqual(
    new Set([
      'CONNECT sts.us-east-1.amazonaws.com:443 HTTP/1.1',
      `CONNECT ${new URL(issuer).host}:443 HTTP/1.1`,
      'CONNECT login.microsoftonline.com:443 HTTP/1.1',
      'CONNECT fedlab-vault.vault.azure.net:443 HTTP/1.1',
    ]),
  );
}, 70_000);

test('the text output names the endpoint the SDK resolved and the proxy', async () => {
  const result = await runCli(['demo', '--real-hostnames', '--state-dir', stateDir], {}, 60_000);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`through fedlab's proxy at ${urls.proxy.url}: no STS endpoint, authority https://login.microsoftonline.com, vault https://fedlab-vault.vault.azure.net`);
  expect(result.stdout).toContain('endpoint https://sts.us-east-1.amazonaws.com');
  expect(result.stdout).toContain("secret 'demo-secret'");
}, 70_000);

test('a running fedlab without the proxy: the demo says so and how to fix it, and runs no step', async () => {
  const file = urlsFileWith((copy) => (delete copy.proxy, delete copy.real));
  const result = await runCli(['demo', '--real-hostnames', '--urls-file', file], {}, 30_000);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain(`fedlab demo: --real-hostnames: the running fedlab at ${urls.aws.endpoint} has no forward proxy`);
  expect(result.stderr).toContain('fix: restart it with `fedlab start --proxy`');
}, 40_000);

test('a proxy named in the urls file that does not listen: refused before any step', async () => {
  const closed = await startRelay(1);
  const deadUrl = closed.url;
  await closed.close();
  const file = urlsFileWith((copy) => (copy.proxy.url = deadUrl));
  const result = await runCli(['demo', '--real-hostnames', '--json', '--urls-file', file], {}, 30_000);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(new RegExp(`fedlab demo: --real-hostnames: fedlab's proxy at ${deadUrl} \\(from .*\\) is not listening: .*ECONNREFUSED`));
  expect(result.stderr).toContain('fix: restart it with `fedlab start --proxy`');
}, 40_000);

test('with no running fedlab the demo starts its own with the proxy, and the token carries the real issuer form', async () => {
  const result = await runCli(['demo', '--real-hostnames', '--json', '--state-dir', tempDir()], {}, 60_000);
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report.startedInProcess).toBe(true);
  expect(report.inputs.proxyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const claims = report.steps.find((s: { id: string }) => s.id === 'aws-claims').details.claims;
  expect(claims.iss).toMatch(/^https:\/\/[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws$/);
  expect(report.steps.find((s: { id: string }) => s.id === 'vault-secret').ok).toBe(true);
}, 70_000);
