import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { fromInstanceMetadata } from '@aws-sdk/credential-providers';
import { decodeJwt } from 'jose';
import { ACCOUNT, NAMESPACE, rawRequest, startTestAws, type TestAws } from './support.js';

const ROLE = 'arn:aws:iam::111122223333:role/ec2-app';
const UNTRUSTED_ROLE = 'arn:aws:iam::111122223333:role/not-for-ec2';
const INSTANCE = 'i-0123456789abcdef0';
const UNTRUSTED_INSTANCE = 'i-0fedcba9876543210';
const SESSION_ARN = `arn:aws:sts::111122223333:assumed-role/ec2-app/${INSTANCE}`;
const INSTANCE_ARN = `arn:aws:ec2:eu-north-1:111122223333:instance/${INSTANCE}`;

let lab: TestAws;
const clients: { destroy(): void }[] = [];
const saved = process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].roles = [
      {
        arn: ROLE,
        tags: { team: 'platform' },
        trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        // Minting only from this instance: ec2:SourceInstanceARN is in the session's request context.
        policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:GetWebIdentityToken', 'cloudtrail:LookupEvents'], Resource: '*', Condition: { ArnEquals: { 'ec2:SourceInstanceARN': INSTANCE_ARN } } }] }],
      },
      { arn: UNTRUSTED_ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
    ];
    aws.accounts[0].ec2Instances = [
      { instanceId: INSTANCE, roleArn: ROLE, region: 'eu-north-1', vpcId: 'vpc-0abc1234', privateIpv4: '10.0.0.12' },
      { instanceId: UNTRUSTED_INSTANCE, roleArn: UNTRUSTED_ROLE },
    ];
  });
  lab.aws.setFederation(ACCOUNT, true);
});
afterAll(async () => {
  if (saved === undefined) delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
  else process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = saved;
  clients.forEach((c) => c.destroy());
  await lab.close();
});

/** The SDK's own IMDS credential provider, pointed at the instance's metadata endpoint as AWS_EC2_METADATA_SERVICE_ENDPOINT does. */
function onInstance(instanceId: string) {
  process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = lab.aws.urls.imds[instanceId];
  return fromInstanceMetadata({ timeout: 2000, maxRetries: 0 });
}

test('the SDK fetches the instance profile credentials over IMDSv2; the session is the role named after the instance', async () => {
  const credentials = await onInstance(INSTANCE)();
  expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
  expect(credentials.sessionToken).toBeDefined();
  expect(credentials.expiration!.getTime() - Date.now()).toBeGreaterThan(5 * 3600 * 1000);

  const sts = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', credentials: onInstance(INSTANCE), maxAttempts: 1 });
  clients.push(sts);
  expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: ACCOUNT, Arn: SESSION_ARN, UserId: expect.stringMatching(new RegExp(`^AROA[A-Z2-7]{17}:${INSTANCE}$`)) });

  const minted = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  const claims = decodeJwt(minted.WebIdentityToken!);
  expect(claims.sub).toBe(ROLE);
  expect(claims[NAMESPACE]).toMatchObject({
    aws_account: ACCOUNT,
    ec2_source_instance_arn: INSTANCE_ARN,
    ec2_instance_source_vpc: 'vpc-0abc1234',
    ec2_instance_source_private_ipv4: '10.0.0.12',
    ec2_role_delivery: '2.0',
    principal_tags: { team: 'platform' },
  });

  const trail = new CloudTrailClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', credentials: onInstance(INSTANCE), maxAttempts: 1 });
  clients.push(trail);
  const events = (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: INSTANCE }] }))).Events!.map((e) => JSON.parse(e.CloudTrailEvent!));
  const mint = events.find((e) => e.eventName === 'GetWebIdentityToken')!;
  expect(mint.responseElements.webIdentityTokenId).toBe(claims.jti);
  expect(mint.userIdentity).toMatchObject({
    type: 'AssumedRole',
    arn: SESSION_ARN,
    principalId: expect.stringMatching(new RegExp(`:${INSTANCE}$`)),
    accessKeyId: credentials.accessKeyId,
    sessionContext: { sessionIssuer: { type: 'Role', arn: ROLE, userName: 'ec2-app' }, ec2RoleDelivery: '2.0' },
  });
  // EC2's own AssumeRole of the instance profile role, as CloudTrail records a service's call.
  const assumed = (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }] }))).Events!.map((e) => JSON.parse(e.CloudTrailEvent!));
  expect(assumed.find((e) => e.responseElements?.credentials?.accessKeyId === credentials.accessKeyId)).toMatchObject({
    userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
    requestParameters: { roleArn: ROLE, roleSessionName: INSTANCE },
  });
});

test('IMDSv2 only: no token 401, a TTL out of range 400, a forwarded PUT 403; the role is listed under security-credentials/', async () => {
  const imds = lab.aws.urls.imds[INSTANCE]!;
  expect((await rawRequest(imds, { method: 'GET', path: '/latest/meta-data/iam/security-credentials/' })).status).toBe(401);
  expect((await rawRequest(imds, { method: 'PUT', path: '/latest/api/token' })).status).toBe(400);
  expect((await rawRequest(imds, { method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21601' } })).status).toBe(400);
  expect((await rawRequest(imds, { method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60', 'x-forwarded-for': '203.0.113.7' } })).status).toBe(403);
  const token = await rawRequest(imds, { method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } });
  expect(token.status).toBe(200);
  const headers = { 'x-aws-ec2-metadata-token': token.body };
  expect((await rawRequest(imds, { method: 'GET', path: '/latest/meta-data/iam/security-credentials/', headers })).body).toBe('ec2-app');
  expect((await rawRequest(imds, { method: 'GET', path: '/latest/meta-data/instance-id', headers })).body).toBe(INSTANCE);
  const document = JSON.parse((await rawRequest(imds, { method: 'GET', path: '/latest/meta-data/iam/security-credentials/ec2-app', headers })).body);
  expect(Object.keys(document)).toEqual(['Code', 'LastUpdated', 'Type', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
  expect(document).toMatchObject({ Code: 'Success', Type: 'AWS-HMAC' });
  // The same credentials until they come near their end.
  const again = JSON.parse((await rawRequest(imds, { method: 'GET', path: '/latest/meta-data/iam/security-credentials/ec2-app', headers })).body);
  expect(again.AccessKeyId).toBe(document.AccessKeyId);
  // The token's TTL runs on fedlab's clock.
  lab.clock.setOffsetMs(61_000);
  try {
    expect((await rawRequest(imds, { method: 'GET', path: '/latest/meta-data/instance-id', headers })).status).toBe(401);
  } finally {
    lab.clock.setOffsetMs(0);
  }
});

test('a role whose trust policy does not allow ec2.amazonaws.com gives no credentials', async () => {
  await expect(onInstance(UNTRUSTED_INSTANCE)()).rejects.toThrow(/Invalid response received from instance metadata service/);
  const imds = lab.aws.urls.imds[UNTRUSTED_INSTANCE]!;
  const token = (await rawRequest(imds, { method: 'PUT', path: '/latest/api/token', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' } })).body;
  const document = JSON.parse((await rawRequest(imds, { method: 'GET', path: '/latest/meta-data/iam/security-credentials/not-for-ec2', headers: { 'x-aws-ec2-metadata-token': token } })).body);
  expect(document).toMatchObject({ Code: 'AssumeRoleUnauthorizedAccess' });
});
