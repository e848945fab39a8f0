/**
 * The cost of IAM policy evaluation on the GetWebIdentityToken path, in process: one decision with
 * fedlab's default policy alone, and one with a realistic set (3 identity policies with conditions,
 * a permissions boundary, SCPs at 2 levels). Reports decisions per second and the time one
 * evaluation adds per request. Then end to end: the same GetWebIdentityToken request over HTTP
 * (SigV4, awsQuery, RS256) from a principal with the default policy alone, outside any
 * organization, and from one with the realistic set configured, in alternating rounds against one
 * fedlab child process; the figure is the ratio of their throughputs (goal ≥ 0.9).
 * `npm run bench:policy`; FEDLAB_BENCH_SECONDS (in process), FEDLAB_BENCH_E2E_SECONDS,
 * FEDLAB_BENCH_ROUNDS, FEDLAB_BENCH_CONNECTIONS.
 */
import { measureLoad, type LoadSummary } from './lib/load.js';
import { probe } from './lib/probe.js';
import { benchScript, startServerChild } from './lib/server-child.js';
import { signedStsRequests } from './lib/signed-sts-requests.js';
import type { Target } from './lib/target.js';
import type { PolicyServerInfo } from './servers/policy-server.js';
import { evaluatePolicies, parsePolicyDocument, type NamedPolicy, type PolicyLayers } from '../dist/aws/iam/policy/index.js';

const doc = (statements: Record<string, unknown>[]): Record<string, unknown> => ({ Version: '2012-10-17', Statement: statements });
const named = (name: string, statements: Record<string, unknown>[]): NamedPolicy => ({ name, document: parsePolicyDocument(doc(statements)) });
const all = (sid: string, action: string) => ({ Sid: sid, Effect: 'Allow', Action: action, Resource: '*' });

const DEFAULT: PolicyLayers = { identity: [named('FedlabDefaultOutboundFederation', [all('Mint', 'sts:GetWebIdentityToken')])] };
const REALISTIC: PolicyLayers = {
  scps: [
    { target: 'r-ab12', policies: [named('FullAWSAccess', [all('All', '*')])] },
    {
      target: 'ou-ab12-11111111',
      policies: [
        named('FullAWSAccess', [all('All', '*')]),
        named('CapTokenLifetime', [{ Sid: 'Cap', Effect: 'Deny', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { NumericGreaterThan: { 'sts:DurationSeconds': '900' } } }]),
      ],
    },
  ],
  identity: [
    named('MintForEntra', [
      {
        Sid: 'MintForEntra',
        Effect: 'Allow',
        Action: 'sts:GetWebIdentityToken',
        Resource: '*',
        Condition: { Null: { 'sts:IdentityTokenAudience': 'false' }, 'ForAllValues:StringLike': { 'sts:IdentityTokenAudience': ['api://AzureADTokenExchange', 'https://*.example.com'] }, NumericLessThanEquals: { 'sts:DurationSeconds': '3600' } },
      },
    ]),
    named('TeamTags', [{ Sid: 'Tags', Effect: 'Allow', Action: 'sts:TagGetWebIdentityToken', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' } } }]),
    named('NoES384', [{ Sid: 'RS256Only', Effect: 'Deny', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { StringNotEquals: { 'sts:SigningAlgorithm': 'RS256' } } }]),
  ],
  boundary: [named('TokenBoundary', [all('Sts', 'sts:*'), { Sid: 'Region', Effect: 'Deny', NotAction: 'sts:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }])],
};

const request = {
  principal: { arn: 'arn:aws:sts::111122223333:assumed-role/fedlab-workload/fedlab-session', roleArn: 'arn:aws:iam::111122223333:role/fedlab-workload', account: '111122223333' },
  action: 'sts:GetWebIdentityToken',
  resource: '*',
  context: {
    'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/fedlab-workload',
    'aws:PrincipalTag/team': 'platform',
    'aws:RequestedRegion': 'us-east-1',
    'sts:IdentityTokenAudience': ['api://AzureADTokenExchange'],
    'sts:DurationSeconds': '900',
    'sts:SigningAlgorithm': 'RS256',
  },
};

function rate(layers: PolicyLayers, seconds: number): number {
  if (!evaluatePolicies(request, layers).allowed) throw new Error('the benchmark request must be allowed');
  let n = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) evaluatePolicies(request, layers);
    n += 1000;
  }
  return n / seconds;
}

const seconds = Number(process.env.FEDLAB_BENCH_SECONDS ?? 3);
rate(REALISTIC, 0.5);
const base = rate(DEFAULT, seconds);
const real = rate(REALISTIC, seconds);
const us = (r: number) => (1e6 / r).toFixed(1);
console.log(`policy evaluation, ${seconds} s each (node ${process.version}):`);
console.log(`  default policy only:               ${Math.round(base)} decisions/s (${us(base)} µs each)`);
console.log(`  3 identity + boundary + 2 SCP levels: ${Math.round(real)} decisions/s (${us(real)} µs each)`);
console.log(`  the realistic set adds ${(1e6 / real - 1e6 / base).toFixed(1)} µs per GetWebIdentityToken`);

const e2eSeconds = Number(process.env.FEDLAB_BENCH_E2E_SECONDS ?? 5);
const rounds = Number(process.env.FEDLAB_BENCH_ROUNDS ?? 3);
const connections = Number(process.env.FEDLAB_BENCH_CONNECTIONS ?? 10);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

async function endToEnd(): Promise<void> {
  const server = await startServerChild<PolicyServerInfo>(benchScript('servers/policy-server.js'));
  const signers = await Promise.all(
    (['bare', 'realistic'] as const).map((who) => signedStsRequests(server.info.awsEndpoint, server.info[who], 'RS256', { DurationSeconds: '900' })),
  );
  try {
    const targets = signers.map((signed, i): Target => ({
      id: i === 0 ? 'default policy only' : '3 identity + boundary + 2 SCP levels',
      server: 'fedlab',
      work: 'GetWebIdentityToken (awsQuery, SigV4 verified), sign RS256',
      request: { url: `${server.info.awsEndpoint}/`, headers: signed.current().headers, body: signed.current().body, currentHeaders: () => signed.current().headers, serverPid: server.pid },
      checkResponse: (status, body) => (status === 200 && body.includes('<WebIdentityToken>') ? undefined : `HTTP ${status}: ${body.slice(0, 300)}`),
    }));
    for (const target of targets) {
      const problem = await probe(target);
      if (problem) throw new Error(`${target.id}: ${problem}`);
    }
    // The set is in force, not just configured: its explicit Deny refuses ES384.
    const es384 = await signedStsRequests(server.info.awsEndpoint, server.info.realistic, 'ES384', { DurationSeconds: '900' });
    es384.stop();
    const refused = await probe({ ...targets[1]!, request: { ...targets[1]!.request, headers: es384.current().headers, body: es384.current().body, currentHeaders: undefined }, checkResponse: (status, body) => (status === 403 && body.includes('explicit deny in an identity-based policy') ? undefined : `expected the explicit deny, got HTTP ${status}: ${body.slice(0, 300)}`) });
    if (refused) throw new Error(`the realistic policy set is not in force: ${refused}`);
    const runs: LoadSummary[][] = [[], []];
    for (let round = 0; round < rounds; round++) {
      for (const [i, target] of targets.entries()) runs[i]!.push(await measureLoad(target.request, { connections, durationSeconds: e2eSeconds, warmupSeconds: round === 0 ? 1 : 0 }));
    }
    const rps = runs.map((r) => median(r.map((x) => x.requestsPerSecond)));
    const cpu = runs.map((r) => median(r.map((x) => x.serverCpuUsPerRequest ?? NaN)));
    const failed = runs.flat().reduce((n, r) => n + r.non2xx + r.errors, 0);
    console.log(`GetWebIdentityToken end to end, ${rounds} alternating rounds × ${e2eSeconds} s, ${connections} connections (medians):`);
    for (const [i, target] of targets.entries()) {
      console.log(`  ${target.id.padEnd(37)} ${rps[i]} req/s (rounds ${runs[i]!.map((x) => x.requestsPerSecond).join(' / ')}), server CPU ${cpu[i]} µs/req`);
    }
    console.log(`  throughput ratio realistic / default: ${(rps[1]! / rps[0]!).toFixed(3)} (goal ≥ 0.9); CPU per request ratio default / realistic: ${(cpu[0]! / cpu[1]!).toFixed(3)}; failed requests: ${failed}`);
  } finally {
    signers.forEach((s) => s.stop());
    await server.stop();
  }
}

if (e2eSeconds > 0) await endToEnd();
