import { CloudTrailClient, LookupEventsCommand, paginateLookupEvents, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { CreateOpenIDConnectProviderCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { decodeJwt } from 'jose';
import { ACCOUNT, addIamAdmins, OTHER, OTHER_ADMIN, OTHER_ACCOUNT, rawRequest, sdkError, signedHeaders, startTestAws, WORKLOAD, type TestAws } from './support.js';

const USER = 'arn:aws:iam::111122223333:user/fedlab-auditor';
const USER_KEY = 'AKIAEXAMPLEAUDITOR01';
const APP_ROLE = 'arn:aws:iam::111122223333:role/app';
const PARTNER_ROLE = 'arn:aws:iam::444455556666:role/from-partner';

let lab: TestAws;
let issuer: string;
const clients: { destroy(): void }[] = [];
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    addIamAdmins(aws);
    aws.accounts[0].principals.push({ arn: USER, accessKeyId: USER_KEY, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEAUDITOR1' });
    aws.accounts[0].roles = [{ arn: APP_ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: USER }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }] } }];
    aws.accounts[1].roles = [{ arn: PARTNER_ROLE, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: '*' }] } }];
  });
  lab.aws.setFederation(ACCOUNT, true);
  issuer = lab.aws.urls.issuers[ACCOUNT]!;
  const created = await lab.iam(OTHER_ADMIN).send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ['sts.amazonaws.com'] }));
  lab.config.accounts[1]!.roles[0]!.trustPolicy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: created.OpenIDConnectProviderArn! }, Action: 'sts:AssumeRoleWithWebIdentity' }],
  };
});
afterAll(async () => {
  clients.forEach((c) => c.destroy());
  await lab.close();
});

const trail = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => {
  const client = new CloudTrailClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
};
const lookup = (arn: string, input: LookupEventsCommandInput) => trail(lab.credentials(arn)).send(new LookupEventsCommand(input));
const parsed = (entry: { CloudTrailEvent?: string }) => JSON.parse(entry.CloudTrailEvent!) as Record<string, any>;

test('who minted this token: LookupEvents finds the GetWebIdentityToken event by its webIdentityTokenId (jti)', async () => {
  const minted = await lab.sts(WORKLOAD).send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', DurationSeconds: 300 }));
  const jti = decodeJwt(minted.WebIdentityToken!).jti!;
  const found = await lookup(WORKLOAD, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetWebIdentityToken' }] });
  const event = found.Events!.map(parsed).find((e) => e.responseElements?.webIdentityTokenId === jti);
  expect(event).toMatchObject({
    eventVersion: '1.11',
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetWebIdentityToken',
    awsRegion: 'eu-north-1',
    sourceIPAddress: '127.0.0.1',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    eventCategory: 'Management',
    recipientAccountId: ACCOUNT,
    requestParameters: { audience: ['api://AzureADTokenExchange'], signingAlgorithm: 'RS256', durationSeconds: 300 },
    userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/fedlab-workload/fedlab-session', accountId: ACCOUNT, sessionContext: { sessionIssuer: { type: 'Role', arn: WORKLOAD, userName: 'fedlab-workload' } } },
  });
  expect(event!.userAgent).toMatch(/aws-sdk-js/);
  expect(event!.eventID).toMatch(/^[0-9a-f-]{36}$/);
  expect(event!.requestID).toBe(minted.$metadata.requestId);
  expect(JSON.stringify(found)).not.toContain(minted.WebIdentityToken!);
  const entry = found.Events!.find((e) => parsed(e).responseElements?.webIdentityTokenId === jti)!;
  expect(entry).toMatchObject({ EventName: 'GetWebIdentityToken', EventSource: 'sts.amazonaws.com', ReadOnly: 'true', Username: 'fedlab-session', AccessKeyId: lab.credentials(WORKLOAD).accessKeyId });
  expect(entry.EventTime).toBeInstanceOf(Date);
});

test('an AssumeRole session: IAMUser caller, responseElements without secrets, then the session as AssumedRole with sessionContext', async () => {
  const out = await lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: APP_ROLE, RoleSessionName: 'audit-1', SourceIdentity: 'alice', Tags: [{ Key: 'env', Value: 'prod' }] }));
  const { AccessKeyId, SecretAccessKey, SessionToken } = out.Credentials!;
  const session = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', credentials: { accessKeyId: AccessKeyId!, secretAccessKey: SecretAccessKey!, sessionToken: SessionToken! }, maxAttempts: 1 });
  clients.push(session);
  await session.send(new GetCallerIdentityCommand({}));

  const assumed = (await lookup(USER, { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'fedlab-auditor' }] })).Events!.map(parsed).find((e) => e.eventName === 'AssumeRole')!;
  expect(assumed).toMatchObject({
    userIdentity: { type: 'IAMUser', arn: USER, accountId: ACCOUNT, accessKeyId: USER_KEY, userName: 'fedlab-auditor' },
    requestParameters: { roleArn: APP_ROLE, roleSessionName: 'audit-1', sourceIdentity: 'alice', tags: [{ key: 'env', value: 'prod' }] },
    responseElements: { credentials: { accessKeyId: AccessKeyId }, assumedRoleUser: { arn: 'arn:aws:sts::111122223333:assumed-role/app/audit-1' }, sourceIdentity: 'alice' },
    resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: APP_ROLE }],
  });
  expect(assumed.userIdentity.principalId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  const text = JSON.stringify(assumed);
  expect(text).not.toContain(SecretAccessKey!);
  expect(text).not.toContain(SessionToken!);

  const byKey = await lookup(USER, { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: AccessKeyId! }] });
  expect(byKey.Events!.map((e) => e.EventName)).toEqual(['GetCallerIdentity']);
  const me = parsed(byKey.Events![0]!);
  expect(me.requestParameters).toBeNull();
  expect(me.userIdentity).toMatchObject({
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/app/audit-1',
    accessKeyId: AccessKeyId,
    sessionContext: { sessionIssuer: { type: 'Role', arn: APP_ROLE, userName: 'app' }, attributes: { mfaAuthenticated: 'false' }, sourceIdentity: 'alice' },
  });
  expect(me.userIdentity.sessionContext.attributes.creationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const byRole = await lookup(USER, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: APP_ROLE }] });
  expect(byRole.Events![0]).toMatchObject({ EventName: 'AssumeRole', Resources: [{ ResourceType: 'AWS::IAM::Role', ResourceName: APP_ROLE }] });
});

test('refusals are recorded with errorCode and errorMessage, and no responseElements', async () => {
  const refused = await sdkError(lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/none', RoleSessionName: 'nope' })));
  const event = (await lookup(USER, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }] })).Events!.map(parsed).find((e) => e.errorCode)!;
  expect(event).toMatchObject({ errorCode: refused.name, errorMessage: refused.message, responseElements: null, requestParameters: { roleSessionName: 'nope' } });
});

test('every record is announced on the event bus as cloudtrail-event: the fields the Live log shows, and the record LookupEvents returns', async () => {
  const seen: Record<string, any>[] = [];
  const unsubscribe = lab.events.subscribe((e) => e.type === 'cloudtrail-event' && seen.push(e));
  try {
    const minted = await lab.sts(WORKLOAD).send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
    const refused = await sdkError(lab.sts(USER).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/none', RoleSessionName: 'bus' })));
    const mint = seen.find((e) => e.eventName === 'GetWebIdentityToken')!;
    expect(mint).toMatchObject({
      party: 'aws',
      accountId: ACCOUNT,
      eventSource: 'sts.amazonaws.com',
      identityType: 'AssumedRole',
      identityArn: 'arn:aws:sts::111122223333:assumed-role/fedlab-workload/fedlab-session',
      webIdentityTokenId: decodeJwt(minted.WebIdentityToken!).jti,
      requestId: minted.$metadata.requestId,
    });
    expect(mint.errorCode).toBeUndefined();
    const denied = seen.find((e) => e.eventName === 'AssumeRole')!;
    expect(denied).toMatchObject({ identityType: 'IAMUser', identityArn: USER, errorCode: refused.name, errorMessage: refused.message });
    // The record itself is the one LookupEvents returns, byte for byte, and holds no secret.
    const listed = (await lookup(USER, { LookupAttributes: [{ AttributeKey: 'EventId', AttributeValue: denied.eventID }] })).Events!;
    expect(listed[0]!.CloudTrailEvent).toBe(JSON.stringify(denied.record));
    expect(JSON.stringify(seen)).not.toContain(minted.WebIdentityToken!);
    expect(JSON.stringify(seen)).not.toContain(lab.credentials(USER).secretAccessKey);
    // LookupEvents is recorded too, as CloudTrail records it.
    expect(seen.find((e) => e.eventName === 'LookupEvents')).toMatchObject({ eventSource: 'cloudtrail.amazonaws.com', identityArn: USER });
  } finally {
    unsubscribe();
  }
});

test('the cross-account road: the destination event carries the same webIdentityTokenId and crossPartitionData; each account sees its own', async () => {
  const minted = await lab.sts(WORKLOAD).send(new GetWebIdentityTokenCommand({ Audience: ['sts.amazonaws.com'], SigningAlgorithm: 'ES384' }));
  const jti = decodeJwt(minted.WebIdentityToken!).jti!;
  const unsigned = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' }, maxAttempts: 1 });
  clients.push(unsigned);
  await unsigned.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: PARTNER_ROLE, RoleSessionName: 'partner', WebIdentityToken: minted.WebIdentityToken! }));
  const destination = (await lookup(OTHER, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRoleWithWebIdentity' }] })).Events!.map(parsed);
  expect(destination[0]).toMatchObject({
    recipientAccountId: OTHER_ACCOUNT,
    userIdentity: { type: 'WebIdentityUser', userName: WORKLOAD },
    requestParameters: { roleArn: PARTNER_ROLE, roleSessionName: 'partner', webIdentityTokenId: jti },
    additionalEventData: { crossPartitionData: { sourcePrincipalArn: WORKLOAD, sourceRegion: 'eu-north-1' } },
    responseElements: { subjectFromWebIdentityToken: WORKLOAD, audience: 'sts.amazonaws.com' },
  });
  expect(JSON.stringify(destination)).not.toContain(minted.WebIdentityToken!);
  const source = await lookup(OTHER, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetWebIdentityToken' }] });
  expect(source.Events).toEqual([]);
});

test('time range and paging with the SDK paginator; bad input gets CloudTrail\'s exceptions', async () => {
  for (let i = 0; i < 5; i++) await lab.sts(USER).send(new GetCallerIdentityCommand({}));
  const pages: number[] = [];
  const seen = new Set<string>();
  const paginator = paginateLookupEvents({ client: trail(lab.credentials(USER)), pageSize: 2 }, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetCallerIdentity' }] });
  for await (const page of paginator) {
    pages.push(page.Events!.length);
    page.Events!.forEach((e) => seen.add(e.EventId!));
  }
  expect(pages.slice(0, 2)).toEqual([2, 2]);
  expect(seen.size).toBe(pages.reduce((a, b) => a + b, 0));
  expect(seen.size).toBeGreaterThanOrEqual(5);
  const future = await lookup(USER, { StartTime: new Date(Date.now() + 3600_000) });
  expect(future.Events).toEqual([]);
  const past = await lookup(USER, { EndTime: new Date(Date.now() - 3600_000) });
  expect(past.Events).toEqual([]);

  expect(await sdkError(lookup(USER, { StartTime: new Date(), EndTime: new Date(Date.now() - 60_000) }))).toMatchObject({ name: 'InvalidTimeRangeException', status: 400 });
  expect(await sdkError(lookup(USER, { MaxResults: 51 }))).toMatchObject({ name: 'InvalidMaxResultsException', status: 400 });
  expect(
    await sdkError(lookup(USER, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'A' }, { AttributeKey: 'Username', AttributeValue: 'B' }] })),
  ).toMatchObject({ name: 'InvalidLookupAttributesException', status: 400 });
  expect(await sdkError(lookup(USER, { LookupAttributes: [{ AttributeKey: 'Bogus' as never, AttributeValue: 'x' }] }))).toMatchObject({ name: 'InvalidLookupAttributesException' });
  expect(await sdkError(lookup(USER, { NextToken: 'not-a-token' }))).toMatchObject({ name: 'InvalidNextTokenException', status: 400 });
  expect(await sdkError(lookup(USER, { EventCategory: 'other' as never }))).toMatchObject({ name: 'InvalidEventCategoryException', status: 400 });
  const wrongKey = trail({ accessKeyId: 'AKIAEXAMPLEUNKNOWN00', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEUNKNOWN0' });
  expect(await sdkError(wrongKey.send(new LookupEventsCommand({})))).toMatchObject({ name: 'UnrecognizedClientException', status: 403 });
});

test('the AWS CLI target prefix, an unknown target, a malformed body and a wrong signing name answer in JSON 1.1', async () => {
  const creds = lab.credentials(USER);
  const post = async (target: string, body: string, service = 'cloudtrail') => {
    const headers = await signedHeaders(lab.aws.urls.endpoint, body, creds, { service, region: 'eu-north-1', contentType: 'application/x-amz-json-1.1' });
    return rawRequest(lab.aws.urls.endpoint, { headers: { ...headers, 'x-amz-target': target }, body });
  };
  const full = await post('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents', '{"MaxResults":1}');
  expect(full.status).toBe(200);
  expect(full.headers['content-type']).toBe('application/x-amz-json-1.1');
  expect(JSON.parse(full.body).Events).toHaveLength(1);
  const unknown = await post('CloudTrail_20131101.DeleteTrail', '{}');
  expect(unknown.status).toBe(400);
  expect(JSON.parse(unknown.body)).toMatchObject({ __type: 'UnknownOperationException' });
  const garbage = await post('CloudTrail_20131101.LookupEvents', '{not json');
  expect(JSON.parse(garbage.body)).toMatchObject({ __type: 'SerializationException' });
  expect(garbage.headers['x-fedlab-failed-check']).toBe('body-json');
  const wrongService = await post('CloudTrail_20131101.LookupEvents', '{}', 'sts');
  expect(wrongService.status).toBe(403);
  expect(JSON.parse(wrongService.body)).toMatchObject({ __type: 'InvalidSignatureException' });
  expect(wrongService.headers['x-fedlab-failed-check']).toBe('credential-scope');
});
