/**
 * `npm run bench:proxy`: the Entra exchange (client_credentials + an AWS token as client_assertion)
 * straight to the Entra listener against the same exchange through fedlab's proxy as
 * `https://login.microsoftonline.com` (CONNECT once per connection, then keep-alive). One run, one
 * machine, in-process; prints the ratio and never fails on a goal.
 */
import { parseArgs } from 'node:util';
import { startFedlab, type Fedlab } from 'fedlab';
import { Agent, ProxyAgent, fetch, type Dispatcher } from 'undici';
import { machineLine, runInfo } from './lib/run-info.js';
import { percentile } from './lib/stats.js';

const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
const CLIENT = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';
const ROLE = 'arn:aws:iam::111122223333:role/fedlab-workload';

interface Lane {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

async function runLane(name: string, url: string, dispatcher: Dispatcher, body: string, seconds: number, concurrency: number): Promise<Lane> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, dispatcher });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${name}: HTTP ${response.status} ${text.slice(0, 200)}`);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  return { name, requestsPerSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '8' } } });
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  const fedlab: Fedlab = await startFedlab({ ports: 'auto', proxy: true });
  try {
    const sts = fedlab.stsClient(ROLE);
    const { GetWebIdentityTokenCommand } = await import('@aws-sdk/client-sts');
    const { WebIdentityToken } = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', DurationSeconds: 3600 }));
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: CLIENT,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: WebIdentityToken!,
      scope: 'https://vault.azure.net/.default',
    }).toString();
    const direct = new Agent({ connect: { ca: fedlab.ca }, connections: concurrency });
    const proxied = new ProxyAgent({ uri: fedlab.urls.proxy!.url, requestTls: { ca: fedlab.ca }, connections: concurrency });
    const directUrl = `${fedlab.urls.entra!.authorityHost}/${TENANT}/oauth2/v2.0/token`;
    const proxiedUrl = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
    // Warm both lanes (key fetches, TLS, certificate minting) before measuring.
    await runLane('warm-up', directUrl, direct, body, 1, concurrency);
    await runLane('warm-up', proxiedUrl, proxied, body, 1, concurrency);
    const lanes = [await runLane('direct (https://127.0.0.1:<entra port>)', directUrl, direct, body, seconds, concurrency), await runLane('proxied (https://login.microsoftonline.com)', proxiedUrl, proxied, body, seconds, concurrency)];
    process.stdout.write(`${machineLine(runInfo())}\nexchange, ${concurrency} concurrent, ${seconds} s per lane\n`);
    for (const lane of lanes) process.stdout.write(`  ${lane.name.padEnd(46)} ${lane.requestsPerSecond.toFixed(0).padStart(6)} req/s   p50 ${lane.p50Ms.toFixed(2)} ms   p99 ${lane.p99Ms.toFixed(2)} ms\n`);
    process.stdout.write(`proxied / direct throughput ratio: ${(lanes[1]!.requestsPerSecond / lanes[0]!.requestsPerSecond).toFixed(2)}\n`);
    await Promise.all([direct.close(), proxied.close()]);
  } finally {
    await fedlab.close();
  }
}

await main();
