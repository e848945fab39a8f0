import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { fromContainerMetadata, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { decodeJwt } from 'jose';
import { ACCOUNT, NAMESPACE, rawRequest, startTestAws, type TestAws } from './support.js';

const ROLE = 'arn:aws:iam::111122223333:role/ecs-app';
const TASK = '0123456789abcdef0123456789abcdef';
const OTHER_TASK = 'fedcba9876543210fedcba9876543210';
const WRONG_ROLE_TASK = '00000000000000000000000000000001';
const SESSION_ARN = `arn:aws:sts::111122223333:assumed-role/ecs-app/${TASK}`;
/** The variables the SDK's default chain would read instead of the container endpoint, cleared for the test. */
const VARIABLES = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE'];

// The task role's trust policy as the ECS developer guide writes it, with the confused-deputy conditions.
const ecsTrust = (sourceAccount: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:eu-north-1:111122223333:*' }, StringEquals: { 'aws:SourceAccount': sourceAccount } } }],
});

let lab: TestAws;
const clients: { destroy(): void }[] = [];
const saved = Object.fromEntries(VARIABLES.map((v) => [v, process.env[v]]));
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].roles = [
      { arn: ROLE, tags: { team: 'checkout' }, trustPolicy: ecsTrust(ACCOUNT) },
      { arn: 'arn:aws:iam::111122223333:role/other-account-only', trustPolicy: ecsTrust('444455556666') },
    ];
    aws.accounts[0].ecsTasks = [
      { taskId: TASK, cluster: 'payments', roleArn: ROLE, region: 'eu-north-1' },
      { taskId: OTHER_TASK, cluster: 'payments', roleArn: ROLE, region: 'eu-north-1' },
      { taskId: WRONG_ROLE_TASK, roleArn: 'arn:aws:iam::111122223333:role/other-account-only', region: 'eu-north-1' },
    ];
  });
  lab.aws.setFederation(ACCOUNT, true);
});
afterAll(async () => {
  restoreEnvironment();
  clients.forEach((c) => c.destroy());
  await lab.close();
});

function restoreEnvironment() {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

/** The process environment a container of the task sees: only what ECS sets, no shared config files. */
async function inTask(taskId: string): Promise<Record<string, string>> {
  const answer = await rawRequest(lab.aws.urls.endpoint, { method: 'GET', path: `/_fedlab/accounts/${ACCOUNT}/ecs-tasks/${taskId}/environment` });
  expect(answer.status).toBe(200);
  const environment = JSON.parse(answer.body) as Record<string, string>;
  for (const v of VARIABLES) delete process.env[v];
  Object.assign(process.env, environment, { AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials', AWS_CONFIG_FILE: '/nonexistent/config' });
  return environment;
}

test("the SDK's default chain reads the task role from the container credentials endpoint; the session mints; CloudTrail shows ECS assumed the role", async () => {
  const environment = await inTask(TASK);
  expect(Object.keys(environment).sort()).toEqual(['AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_DEFAULT_REGION', 'AWS_REGION']);
  expect(environment.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBe(lab.aws.urls.ecs[TASK]);
  expect(environment.AWS_CONTAINER_CREDENTIALS_FULL_URI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\/credentials\/[0-9a-f-]{36}$/);
  expect(lab.aws.ecsEnvironment(ACCOUNT, TASK)).toEqual(environment);

  const chain = fromNodeProviderChain({ timeout: 2000, maxRetries: 0 });
  const credentials = await chain();
  expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
  expect(credentials.expiration!.getTime() - Date.now()).toBeGreaterThan(5 * 3600 * 1000);
  // The older container provider reads the same variables and gets the same session.
  expect((await fromContainerMetadata({ timeout: 2000, maxRetries: 0 })()).accessKeyId).toBe(credentials.accessKeyId);

  const sts = new STSClient({ endpoint: lab.aws.urls.endpoint, credentials: fromNodeProviderChain({ timeout: 2000, maxRetries: 0 }), maxAttempts: 1 });
  clients.push(sts);
  expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: ACCOUNT, Arn: SESSION_ARN, UserId: expect.stringMatching(new RegExp(`^AROA[A-Z2-7]{17}:${TASK}$`)) });
  const minted = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  const claims = decodeJwt(minted.WebIdentityToken!);
  expect(claims.sub).toBe(ROLE);
  expect(claims[NAMESPACE]).toMatchObject({ aws_account: ACCOUNT, principal_tags: { team: 'checkout' }, source_region: 'eu-north-1' });
  expect(Object.keys(claims[NAMESPACE] as object).filter((k) => /^(ec2|lambda)_/.test(k))).toEqual([]);

  const trail = new CloudTrailClient({ endpoint: lab.aws.urls.endpoint, credentials: fromNodeProviderChain({ timeout: 2000, maxRetries: 0 }), maxAttempts: 1 });
  clients.push(trail);
  const assumed = (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }] }))).Events!;
  const byEcs = assumed.map((e) => JSON.parse(e.CloudTrailEvent!)).filter((e) => e.responseElements?.credentials?.accessKeyId === credentials.accessKeyId);
  expect(byEcs).toHaveLength(1);
  expect(byEcs[0]).toMatchObject({
    eventSource: 'sts.amazonaws.com',
    awsRegion: 'eu-north-1',
    userIdentity: { type: 'AWSService', invokedBy: 'ecs-tasks.amazonaws.com' },
    sourceIPAddress: 'ecs-tasks.amazonaws.com',
    userAgent: 'ecs-tasks.amazonaws.com',
    requestParameters: { roleArn: ROLE, roleSessionName: TASK },
    responseElements: { assumedRoleUser: { arn: SESSION_ARN } },
    resources: [{ type: 'AWS::IAM::Role', ARN: ROLE }],
    recipientAccountId: ACCOUNT,
  });
  const record = JSON.stringify(byEcs[0]);
  expect(record).not.toContain(credentials.secretAccessKey);
  expect(record).not.toContain(credentials.sessionToken);

  const mints = (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: TASK }] }))).Events!.map((e) => JSON.parse(e.CloudTrailEvent!));
  expect(mints.find((e) => e.eventName === 'GetWebIdentityToken')).toMatchObject({
    responseElements: { webIdentityTokenId: claims.jti },
    userIdentity: { type: 'AssumedRole', arn: SESSION_ARN, accessKeyId: credentials.accessKeyId, sessionContext: { sessionIssuer: { arn: ROLE } } },
  });
});

test('the endpoint answers as the ECS agent: the task role document, 400 InvalidIdInRequest for an unknown id; the token is required; each task its own session', async () => {
  const { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: token } = lab.aws.ecsEnvironment(ACCOUNT, TASK);
  const url = new URL(uri!);
  const document = await rawRequest(url.origin, { method: 'GET', path: url.pathname, headers: { authorization: token! } });
  expect(document.status).toBe(200);
  expect(Object.keys(JSON.parse(document.body))).toEqual(['RoleArn', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
  expect(JSON.parse(document.body)).toMatchObject({ RoleArn: ROLE, Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });

  const unknown = await rawRequest(url.origin, { method: 'GET', path: '/v2/credentials/00000000-0000-4000-8000-000000000000', headers: { authorization: token! } });
  expect(unknown.status).toBe(400);
  expect(JSON.parse(unknown.body)).toEqual({ code: 'InvalidIdInRequest', message: 'CredentialsV2Request: Credentials not found', HTTPErrorCode: 400 });
  const anonymous = await rawRequest(url.origin, { method: 'GET', path: url.pathname });
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers['x-fedlab-failed-check']).toBe('authorization-token');
  // Another task's token does not open this task's credentials.
  const other = lab.aws.ecsEnvironment(ACCOUNT, OTHER_TASK);
  expect((await rawRequest(url.origin, { method: 'GET', path: url.pathname, headers: { authorization: other.AWS_CONTAINER_AUTHORIZATION_TOKEN! } })).status).toBe(401);
  const otherUrl = new URL(other.AWS_CONTAINER_CREDENTIALS_FULL_URI!);
  const otherDocument = JSON.parse((await rawRequest(url.origin, { method: 'GET', path: otherUrl.pathname, headers: { authorization: other.AWS_CONTAINER_AUTHORIZATION_TOKEN! } })).body);
  expect(otherDocument.AccessKeyId).not.toBe(JSON.parse(document.body).AccessKeyId);
  expect((await rawRequest(url.origin, { method: 'POST', path: url.pathname, headers: { authorization: token! } })).status).toBe(405);

  await inTask(TASK);
  process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = 'not-the-task-token';
  await expect(fromNodeProviderChain({ timeout: 2000, maxRetries: 0 })()).rejects.toThrow();
});

test("a trust policy whose aws:SourceAccount is another account's gives no credentials; an unknown task has no environment", async () => {
  const { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: token } = lab.aws.ecsEnvironment(ACCOUNT, WRONG_ROLE_TASK);
  const url = new URL(uri!);
  const refused = await rawRequest(url.origin, { method: 'GET', path: url.pathname, headers: { authorization: token! } });
  expect(refused.status).toBe(400);
  expect(JSON.parse(refused.body)).toMatchObject({ code: 'AssumeRoleUnauthorizedAccess', message: expect.stringContaining('ecs-tasks.amazonaws.com') });
  expect(refused.headers['x-fedlab-failed-check']).toBe('task-role-trust');

  const unknown = await rawRequest(lab.aws.urls.endpoint, { method: 'GET', path: `/_fedlab/accounts/${ACCOUNT}/ecs-tasks/ffffffffffffffffffffffffffffffff/environment` });
  expect(unknown.status).toBe(404);
  expect(JSON.parse(unknown.body).error).toMatchObject({ code: 'InvalidParameterException' });
});
