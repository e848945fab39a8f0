import { AssumeRoleCommand, GetCallerIdentityCommand, GetWebIdentityTokenCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { decodeJwt } from 'jose';
import { ACCOUNT, NAMESPACE, sdkError, startTestAws, WORKLOAD, type TestAws } from './support.js';

const USER = 'arn:aws:iam::111122223333:user/fedlab-deployer';
const APP_ROLE = 'arn:aws:iam::111122223333:role/app';
const TARGET = 'arn:aws:iam::111122223333:role/target';
const LONG = 'arn:aws:iam::111122223333:role/long';

const trust = (principal: string, actions: string[] = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: actions, ...(condition ? { Condition: condition } : {}) }],
});

let lab: TestAws;
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].principals.push({ arn: USER, accessKeyId: 'AKIAEXAMPLEDEPLOYER1', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEDEPLOYER' });
    aws.accounts[0].roles = [
      { arn: APP_ROLE, trustPolicy: trust(USER), tags: { team: 'payments' }, maxSessionDuration: 7200 },
      { arn: TARGET, trustPolicy: JSON.stringify(trust(APP_ROLE)) },
      { arn: LONG, trustPolicy: trust(USER, ['sts:AssumeRole'], { StringEquals: { 'sts:ExternalId': 'ext-123' } }), maxSessionDuration: 43200 },
    ];
  });
});
afterAll(() => lab.close());

const client = (credentials: STSClientConfig['credentials']) => new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', credentials, maxAttempts: 1 });

test('fromTemporaryCredentials works unmodified; the session knows who it is and mints with its claims', async () => {
  const credentials = fromTemporaryCredentials({
    params: { RoleArn: APP_ROLE, RoleSessionName: 'deploy-42', Tags: [{ Key: 'env', Value: 'prod' }], SourceIdentity: 'alice', DurationSeconds: 7200 },
    masterCredentials: lab.credentials(USER),
    clientConfig: { endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', maxAttempts: 1 },
  });
  const sts = client(credentials);
  const me = await sts.send(new GetCallerIdentityCommand({}));
  expect(me.Arn).toBe('arn:aws:sts::111122223333:assumed-role/app/deploy-42');
  expect(me.UserId).toMatch(/^AROA[A-Z2-7]{17}:deploy-42$/);
  lab.aws.setFederation(ACCOUNT, true);
  const minted = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  const claims = decodeJwt(minted.WebIdentityToken!);
  expect(claims.sub).toBe(APP_ROLE);
  const aws = claims[NAMESPACE] as Record<string, unknown>;
  expect(aws.principal_tags).toEqual({ team: 'payments', env: 'prod' });
  expect(aws.source_identity).toBe('alice');
  expect(Date.parse(aws.original_session_exp as string) - Date.now()).toBeGreaterThan(7100_000);
});

test('AssumeRole answers AWS-shaped credentials; the session expires on fedlab\'s clock', async () => {
  const out = await lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'short', DurationSeconds: 900 }));
  expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
  expect(out.AssumedRoleUser!.Arn).toBe('arn:aws:sts::111122223333:assumed-role/app/short');
  const { AccessKeyId, SecretAccessKey, SessionToken } = out.Credentials!;
  const session = client({ accessKeyId: AccessKeyId!, secretAccessKey: SecretAccessKey!, sessionToken: SessionToken! });
  await expect(session.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: ACCOUNT });
  const wrong = client({ accessKeyId: AccessKeyId!, secretAccessKey: SecretAccessKey!, sessionToken: `${SessionToken}x` });
  expect(await sdkError(wrong.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
  lab.clock.setOffsetMs(901_000);
  try {
    const later = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', credentials: { accessKeyId: AccessKeyId!, secretAccessKey: SecretAccessKey!, sessionToken: SessionToken! }, maxAttempts: 1, systemClockOffset: 901_000 });
    expect(await sdkError(later.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'ExpiredToken', status: 403 });
  } finally {
    lab.clock.setOffsetMs(0);
  }
});

test('role chaining: a second hop works up to one hour and is refused beyond; transitive tags carry over', async () => {
  const first = await lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'hop1', Tags: [{ Key: 'project', Value: 'blue' }], TransitiveTagKeys: ['project'] }));
  const c = first.Credentials!;
  const hop = client({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
  const tooLong = await sdkError(hop.send(new AssumeRoleCommand({ RoleArn: TARGET, RoleSessionName: 'hop2', DurationSeconds: 3601 })));
  expect(tooLong).toMatchObject({ name: 'ValidationError', status: 400, message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.' });
  const second = await hop.send(new AssumeRoleCommand({ RoleArn: TARGET, RoleSessionName: 'hop2' }));
  const s = second.Credentials!;
  const chained = client({ accessKeyId: s.AccessKeyId!, secretAccessKey: s.SecretAccessKey!, sessionToken: s.SessionToken! });
  const minted = await chained.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  expect((decodeJwt(minted.WebIdentityToken!)[NAMESPACE] as Record<string, unknown>).principal_tags).toEqual({ project: 'blue' });
});

test('trust policy refusals: untrusted caller, unknown role, missing ExternalId, duration over MaxSessionDuration', async () => {
  const untrusted = await sdkError(lab.sts(WORKLOAD).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'x1' })));
  expect(untrusted).toMatchObject({
    name: 'AccessDenied',
    status: 403,
    message: `User: arn:aws:sts::111122223333:assumed-role/fedlab-workload/fedlab-session is not authorized to perform: sts:AssumeRole on resource: ${APP_ROLE}`,
  });
  expect(await sdkError(lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/nope', RoleSessionName: 'x1' })))).toMatchObject({ name: 'AccessDenied' });
  expect(await sdkError(lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'x1' })))).toMatchObject({ name: 'AccessDenied' });
  await expect(lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'x1', ExternalId: 'ext-123', DurationSeconds: 43200 }))).resolves.toBeDefined();
  expect(await sdkError(lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'x1', DurationSeconds: 7201 })))).toMatchObject({
    name: 'ValidationError',
    message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
  });
  // Tagging needs sts:TagSession in the trust policy.
  expect(await sdkError(lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'x1', ExternalId: 'ext-123', Tags: [{ Key: 'a', Value: 'b' }] })))).toMatchObject({
    name: 'AccessDenied',
    message: `User: ${USER} is not authorized to perform: sts:TagSession on resource: ${LONG}`,
  });
  expect(await sdkError(lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'x' })))).toMatchObject({ name: 'ValidationError' });
});

test('a session policy caps what the session may do', async () => {
  const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] });
  const out = await lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'capped', Policy: deny }));
  const c = out.Credentials!;
  const capped = client({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
  expect(await sdkError(capped.send(new AssumeRoleCommand({ RoleArn: TARGET, RoleSessionName: 'next' })))).toMatchObject({ name: 'AccessDenied' });
  expect(await sdkError(lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'bad', Policy: '{not json' })))).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
});
