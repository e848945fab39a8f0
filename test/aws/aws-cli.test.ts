import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateOpenIDConnectProviderCommand } from '@aws-sdk/client-iam';
import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { ACCOUNT, addIamAdmins, OTHER, OTHER_ADMIN, startTestAws, WORKLOAD, type TestAws } from './support.js';

/** Debian's AWS CLI (`awscli`, installed by .ci/run), not a pip one. */
const AWS_CLI = '/usr/bin/aws';
/** Debian's botocore predates GetWebIdentityToken: botocore's STS model (Apache-2.0) comes through AWS_DATA_PATH. */
const AWS_DATA_PATH = fileURLToPath(new URL('../proxy/aws-data', import.meta.url));
const USER = 'arn:aws:iam::111122223333:user/fedlab-cli';
const ROLE = 'arn:aws:iam::111122223333:role/cli-target';
const PARTNER_ROLE = 'arn:aws:iam::444455556666:role/cli-partner';

const run = promisify(execFile);
let lab: TestAws;
beforeAll(async () => {
  if (!existsSync(AWS_CLI)) throw new Error('missing /usr/bin/aws: install it with `sudo apt-get install -y awscli`');
  lab = await startTestAws((aws) => {
    addIamAdmins(aws);
    aws.accounts[0].principals.push({
      arn: USER,
      accessKeyId: 'AKIAEXAMPLECLIUSER01',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLECLIUSER1',
      managedPolicyArns: ['arn:aws:iam::aws:policy/IAMFullAccess', 'arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess'],
    });
    aws.accounts[0].roles = [{ arn: ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }] } }];
    aws.accounts[1].roles = [{ arn: PARTNER_ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: '*' }] } }];
  });
}, 60_000);
afterAll(() => lab?.close());

/** One CLI command with the given credentials and nothing from the user's ~/.aws. */
async function aws(args: string[], credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = lab.credentials(USER)): Promise<any> {
  const env = {
    PATH: process.env.PATH,
    HOME: '/nonexistent',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_DATA_PATH,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_DEFAULT_REGION: 'eu-north-1',
    AWS_PAGER: '',
  };
  const { stdout } = await run(AWS_CLI, ['--endpoint-url', lab.aws.urls.endpoint, '--output', 'json', ...args], { env, timeout: 60_000 });
  return stdout.trim() === '' ? undefined : JSON.parse(stdout);
}

test('aws sts get-caller-identity, assume-role, and the session asking who it is', async () => {
  expect(await aws(['sts', 'get-caller-identity'])).toMatchObject({ Account: ACCOUNT, Arn: USER });
  const assumed = await aws(['sts', 'assume-role', '--role-arn', ROLE, '--role-session-name', 'cli-1', '--duration-seconds', '900']);
  expect(assumed.AssumedRoleUser.Arn).toBe('arn:aws:sts::111122223333:assumed-role/cli-target/cli-1');
  const c = assumed.Credentials;
  expect(await aws(['sts', 'get-caller-identity'], { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken })).toMatchObject({
    Arn: 'arn:aws:sts::111122223333:assumed-role/cli-target/cli-1',
  });
  await expect(aws(['sts', 'assume-role', '--role-arn', 'arn:aws:iam::111122223333:role/none', '--role-session-name', 'cli-2'])).rejects.toThrow(/AccessDenied/);
}, 120_000);

test('aws sts assume-role-with-web-identity with another account\'s outbound token, then cloudtrail lookup-events finds both sides', async () => {
  lab.aws.setFederation(ACCOUNT, true);
  const issuer = lab.aws.urls.issuers[ACCOUNT]!;
  const provider = await lab.iam(OTHER_ADMIN).send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'] }));
  lab.config.accounts[1]!.roles[0]!.trustPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: provider.OpenIDConnectProviderArn! }, Action: 'sts:AssumeRoleWithWebIdentity' }] };
  const minted = await lab.sts(WORKLOAD).send(new GetWebIdentityTokenCommand({ Audience: ['sts.amazonaws.com'], SigningAlgorithm: 'RS256' }));
  const jti = JSON.parse(Buffer.from(minted.WebIdentityToken!.split('.')[1]!, 'base64url').toString()).jti;
  // Unsigned, as the CLI sends it: the credentials in the environment are not used.
  const out = await aws(['sts', 'assume-role-with-web-identity', '--role-arn', PARTNER_ROLE, '--role-session-name', 'cli-partner', '--web-identity-token', minted.WebIdentityToken!], {
    accessKeyId: 'AKIAEXAMPLEUNUSED001',
    secretAccessKey: 'unused-unused-unused',
  });
  expect(out).toMatchObject({ SubjectFromWebIdentityToken: WORKLOAD, Audience: 'sts.amazonaws.com', Provider: issuer, AssumedRoleUser: { Arn: 'arn:aws:sts::444455556666:assumed-role/cli-partner/cli-partner' } });

  const mints = await aws(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=GetWebIdentityToken'], lab.credentials(WORKLOAD));
  expect(mints.Events.map((e: { CloudTrailEvent: string }) => JSON.parse(e.CloudTrailEvent).responseElements.webIdentityTokenId)).toContain(jti);
  const received = await aws(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=AssumeRoleWithWebIdentity'], lab.credentials(OTHER));
  expect(JSON.parse(received.Events[0].CloudTrailEvent).requestParameters.webIdentityTokenId).toBe(jti);
}, 120_000);

test('aws iam create-role / get-role / tag-role / update-role / update-role-description / list-roles / delete-role', async () => {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }] });
  const created = await aws(['iam', 'create-role', '--role-name', 'cli-made', '--assume-role-policy-document', trust, '--tags', 'Key=team,Value=payments']);
  expect(created.Role).toMatchObject({ RoleName: 'cli-made', Arn: 'arn:aws:iam::111122223333:role/cli-made' });
  // The CLI decodes the URL-encoded policy document as it does against IAM.
  expect((await aws(['iam', 'get-role', '--role-name', 'cli-made'])).Role.AssumeRolePolicyDocument).toEqual(JSON.parse(trust));
  await aws(['iam', 'tag-role', '--role-name', 'cli-made', '--tags', 'Key=env,Value=prod']);
  expect((await aws(['iam', 'list-role-tags', '--role-name', 'cli-made'])).Tags).toEqual([{ Key: 'team', Value: 'payments' }, { Key: 'env', Value: 'prod' }]);
  expect(await aws(['iam', 'update-role', '--role-name', 'cli-made', '--max-session-duration', '7200'])).toBeUndefined();
  const described = await aws(['iam', 'update-role-description', '--role-name', 'cli-made', '--description', 'made by the CLI']);
  expect(described.Role).toMatchObject({ RoleName: 'cli-made', Description: 'made by the CLI', MaxSessionDuration: 7200, Tags: [{ Key: 'team', Value: 'payments' }, { Key: 'env', Value: 'prod' }] });
  await expect(aws(['iam', 'update-role', '--role-name', 'cli-absent', '--max-session-duration', '7200'])).rejects.toThrow(/NoSuchEntity/);
  expect((await aws(['iam', 'list-roles'])).Roles.map((r: { RoleName: string }) => r.RoleName)).toContain('cli-made');
  await aws(['iam', 'delete-role', '--role-name', 'cli-made']);
  await expect(aws(['iam', 'get-role', '--role-name', 'cli-made'])).rejects.toThrow(/NoSuchEntity/);
}, 120_000);

test('aws iam create-policy / tag-policy / list-policy-tags / put-role-permissions-boundary / get-role / list-entities-for-policy / get-user', async () => {
  const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }] });
  const created = await aws(['iam', 'create-policy', '--policy-name', 'cli-boundary', '--policy-document', document]);
  const arn = created.Policy.Arn;
  expect(await aws(['iam', 'tag-policy', '--policy-arn', arn, '--tags', 'Key=owner,Value=cli'])).toBeUndefined();
  expect((await aws(['iam', 'list-policy-tags', '--policy-arn', arn])).Tags).toEqual([{ Key: 'owner', Value: 'cli' }]);
  await aws(['iam', 'untag-policy', '--policy-arn', arn, '--tag-keys', 'owner']);
  expect((await aws(['iam', 'list-policy-tags', '--policy-arn', arn])).Tags).toEqual([]);
  await aws(['iam', 'put-role-permissions-boundary', '--role-name', 'cli-target', '--permissions-boundary', arn]);
  expect((await aws(['iam', 'get-role', '--role-name', 'cli-target'])).Role.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn });
  const entities = await aws(['iam', 'list-entities-for-policy', '--policy-arn', arn]);
  expect(entities).toMatchObject({ PolicyGroups: [], PolicyUsers: [], PolicyRoles: [{ RoleName: 'cli-target' }] });
  expect((await aws(['iam', 'get-user'])).User).toMatchObject({ UserName: 'fedlab-cli', Arn: USER });
});
