import { readFileSync } from 'node:fs';
import { startFedlab } from 'fedlab';
import { parse } from 'yaml';
import { serveInChild } from '../lib/serve-in-child.js';

/**
 * fedlab for `npm run bench:policy`'s end-to-end part: the embedded defaults plus two principals
 * that mint the same request. `bare` is in an account outside any organization with fedlab's
 * default policy alone; `realistic` is in the organization's member account (SCPs on the root and
 * the OU, the 3600-second cap among them) with 3 inline identity policies and a permissions boundary.
 */
export interface PolicyServerInfo {
  awsEndpoint: string;
  bare: { accessKeyId: string; secretAccessKey: string };
  realistic: { accessKeyId: string; secretAccessKey: string };
}

export const BARE_ARN = 'arn:aws:iam::444455556666:role/bench-bare';
export const REALISTIC_ARN = 'arn:aws:iam::111122223333:role/bench-realistic';

const doc = (statements: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement: statements });

await serveInChild<PolicyServerInfo>(async () => {
  const config = parse(readFileSync(new URL('../../fixtures/fedlab.yaml', import.meta.url), 'utf8'));
  const [member, outside] = config.aws.accounts;
  const bare = { accessKeyId: 'AKIAEXAMPLEBENCHBARE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEBENCHBARE' };
  const realistic = { accessKeyId: 'AKIAEXAMPLEBENCHREAL', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEBENCHREAL' };
  outside.outboundFederation = 'enabled';
  outside.principals.push({ arn: BARE_ARN, ...bare });
  member.managedPolicies = [
    {
      name: 'TokenBoundary',
      document: doc([
        { Sid: 'Sts', Effect: 'Allow', Action: 'sts:*', Resource: '*' },
        { Sid: 'Region', Effect: 'Deny', NotAction: 'sts:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } },
      ]),
    },
  ];
  member.principals.push({
    arn: REALISTIC_ARN,
    ...realistic,
    tags: { team: 'platform' },
    inlinePolicies: {
      MintForEntra: doc([
        {
          Sid: 'MintForEntra',
          Effect: 'Allow',
          Action: 'sts:GetWebIdentityToken',
          Resource: '*',
          Condition: {
            Null: { 'sts:IdentityTokenAudience': 'false' },
            'ForAllValues:StringLike': { 'sts:IdentityTokenAudience': ['api://AzureADTokenExchange', 'https://*.example.com'] },
            NumericLessThanEquals: { 'sts:DurationSeconds': '3600' },
          },
        },
      ]),
      TeamTags: doc([{ Sid: 'Tags', Effect: 'Allow', Action: 'sts:TagGetWebIdentityToken', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' } } }]),
      NoES384: doc([{ Sid: 'RS256Only', Effect: 'Deny', Action: 'sts:GetWebIdentityToken', Resource: '*', Condition: { StringNotEquals: { 'sts:SigningAlgorithm': 'RS256' } } }]),
    },
    permissionsBoundary: 'arn:aws:iam::111122223333:policy/TokenBoundary',
  });
  const fedlab = await startFedlab({ ports: 'auto', config, logLevel: 'silent' });
  return { info: { awsEndpoint: fedlab.urls.aws.endpoint, bare, realistic }, close: () => fedlab.close() };
});
