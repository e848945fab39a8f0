/**
 * The cost of IAM policy evaluation on the GetWebIdentityToken path, in process: one decision with
 * fedlab's default policy alone, and one with a realistic set (3 identity policies with conditions,
 * a permissions boundary, SCPs at 2 levels). Reports decisions per second and the time one
 * evaluation adds per request. `npm run bench:policy`.
 */
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
