import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { ACCOUNT, OTHER_ACCOUNT, sdkError, startTestAws, WORKLOAD, type TestAws } from './support.js';

/**
 * AssumeRole from configured (long-term key) principals: the caller's own identity policies are
 * evaluated with the role's trust policy. Same account, a trust policy naming the caller suffices;
 * across accounts, or when the trust policy names only the account, the caller's policy must allow.
 */

const NO_ASSUME = `arn:aws:iam::${ACCOUNT}:user/no-assume`;
const MAY_ASSUME = `arn:aws:iam::${ACCOUNT}:user/may-assume`;
const DENIED = `arn:aws:iam::${ACCOUNT}:user/denied-assume`;
const TAGGER = `arn:aws:iam::${ACCOUNT}:user/tagger`;
const PARTNER = `arn:aws:iam::${OTHER_ACCOUNT}:role/partner`;
const DELEGATED = `arn:aws:iam::${ACCOUNT}:role/delegated`;
const NAMED = `arn:aws:iam::${ACCOUNT}:role/named`;
const STS_ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];

const trust = (principal: string | string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: STS_ACTIONS }] });
const user = (arn: string, n: number, statements: object[]) => ({
  arn,
  accessKeyId: `AKIAEXAMPLECALLER${n}XX`,
  secretAccessKey: `wJalrXUtnFEMI/K7MDENG/EXAMPLECALLER${n}KEY`,
  inlinePolicies: { [`policy-${n}`]: { Version: '2012-10-17', Statement: statements } },
});

let lab: TestAws;
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].principals.push(
      user(NO_ASSUME, 1, [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*' }]),
      user(MAY_ASSUME, 2, [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: [PARTNER, DELEGATED] }]),
      user(DENIED, 3, [
        { Effect: 'Allow', Action: 'sts:*', Resource: '*' },
        { Sid: 'NotThatRole', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: NAMED },
      ]),
      user(TAGGER, 4, [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: PARTNER }]),
    );
    aws.accounts[0].roles = [
      { arn: DELEGATED, trustPolicy: trust(`arn:aws:iam::${ACCOUNT}:root`) },
      { arn: NAMED, trustPolicy: trust([NO_ASSUME, DENIED]) },
    ];
    aws.accounts[1].roles = [{ arn: PARTNER, trustPolicy: trust([NO_ASSUME, MAY_ASSUME, DENIED, TAGGER, WORKLOAD]) }];
  });
});
afterAll(() => lab.close());

const lastRejection = () => lab.events.recent().filter((e) => e.type === 'sts-rejected').at(-1)!;
const assume = (caller: string, input: Omit<ConstructorParameters<typeof AssumeRoleCommand>[0], 'RoleSessionName'>) =>
  lab.sts(caller).send(new AssumeRoleCommand({ RoleSessionName: 'caller-policy', ...input }));
const refusal = (caller: string, action: string, role: string) => ({
  name: 'AccessDenied',
  status: 403,
  message: `User: ${caller} is not authorized to perform: ${action} on resource: ${role}`,
});

test('cross-account: a trust policy naming the caller is not enough without sts:AssumeRole in its identity policy', async () => {
  expect(await sdkError(assume(NO_ASSUME, { RoleArn: PARTNER }))).toMatchObject(refusal(NO_ASSUME, 'sts:AssumeRole', PARTNER));
  expect(lastRejection()).toMatchObject({ code: 'AccessDenied', failedCheck: 'caller-policy', deniedAction: 'sts:AssumeRole', deniedBy: 'identity-based policy', denial: 'implicit' });
  const out = await assume(MAY_ASSUME, { RoleArn: PARTNER, SourceIdentity: 'alice' });
  expect(out.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/partner/caller-policy`);
  expect(out.SourceIdentity).toBe('alice');
});

test('a trust policy naming only the account root delegates to the caller identity policy, even within the account', async () => {
  expect(await sdkError(assume(NO_ASSUME, { RoleArn: DELEGATED }))).toMatchObject(refusal(NO_ASSUME, 'sts:AssumeRole', DELEGATED));
  expect(lastRejection()).toMatchObject({ failedCheck: 'caller-policy', deniedBy: 'identity-based policy' });
  await expect(assume(MAY_ASSUME, { RoleArn: DELEGATED })).resolves.toMatchObject({ AssumedRoleUser: { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/delegated/caller-policy` } });
});

test('within the account, a trust policy naming the caller suffices', async () => {
  await expect(assume(NO_ASSUME, { RoleArn: NAMED, Tags: [{ Key: 'k', Value: 'v' }], SourceIdentity: 'bob' })).resolves.toMatchObject({ SourceIdentity: 'bob' });
});

test('sts:TagSession and sts:SetSourceIdentity are evaluated on the caller too', async () => {
  expect(await sdkError(assume(MAY_ASSUME, { RoleArn: PARTNER, Tags: [{ Key: 'env', Value: 'prod' }] }))).toMatchObject(refusal(MAY_ASSUME, 'sts:TagSession', PARTNER));
  expect(lastRejection()).toMatchObject({ failedCheck: 'caller-policy-tag-session', deniedAction: 'sts:TagSession' });
  expect(await sdkError(assume(TAGGER, { RoleArn: PARTNER, SourceIdentity: 'alice' }))).toMatchObject(refusal(TAGGER, 'sts:SetSourceIdentity', PARTNER));
  expect(lastRejection()).toMatchObject({ failedCheck: 'caller-policy-set-source-identity', deniedAction: 'sts:SetSourceIdentity' });
  await expect(assume(TAGGER, { RoleArn: PARTNER, Tags: [{ Key: 'env', Value: 'prod' }] })).resolves.toBeDefined();
});

test('an explicit Deny in the caller identity policy wins over a trust policy that names it', async () => {
  expect(await sdkError(assume(DENIED, { RoleArn: NAMED }))).toMatchObject(refusal(DENIED, 'sts:AssumeRole', NAMED));
  expect(lastRejection()).toMatchObject({ failedCheck: 'caller-policy', deniedBy: 'identity-based policy', denial: 'explicit', decidingPolicy: 'policy-3', decidingSid: 'NotThatRole' });
  await expect(assume(DENIED, { RoleArn: PARTNER })).resolves.toBeDefined();
});

test('a principal with fedlab default policy alone assumes a cross-account role that trusts it', async () => {
  await expect(assume(WORKLOAD, { RoleArn: PARTNER, Tags: [{ Key: 'env', Value: 'prod' }], SourceIdentity: 'carol' })).resolves.toMatchObject({ SourceIdentity: 'carol' });
});
