import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { fromEnv } from '@aws-sdk/credential-providers';
import { decodeJwt } from 'jose';
import { ACCOUNT, NAMESPACE, rawRequest, startTestAws, type TestAws } from './support.js';

const ROLE = 'arn:aws:iam::111122223333:role/lambda-exec';
const FUNCTION_ARN = 'arn:aws:lambda:eu-north-1:111122223333:function:mint-for-azure';
const VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_NAME'];

let lab: TestAws;
const clients: { destroy(): void }[] = [];
const saved = Object.fromEntries(VARIABLES.map((v) => [v, process.env[v]]));
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].roles = [
      { arn: ROLE, tags: { team: 'payments' }, trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
      { arn: 'arn:aws:iam::111122223333:role/ec2-only', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] } },
    ];
    aws.accounts[0].lambdaFunctions = [
      { name: 'mint-for-azure', roleArn: ROLE, region: 'eu-north-1' },
      { name: 'wrong-role', roleArn: 'arn:aws:iam::111122223333:role/ec2-only' },
    ];
  });
  lab.aws.setFederation(ACCOUNT, true);
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  clients.forEach((c) => c.destroy());
  await lab.close();
});

test("the function's environment, read by the SDK's fromEnv, is its execution role's session: GetCallerIdentity, the token's lambda claim, CloudTrail", async () => {
  const answer = await rawRequest(lab.aws.urls.endpoint, { method: 'GET', path: `/_fedlab/accounts/${ACCOUNT}/lambda-functions/mint-for-azure/environment` });
  expect(answer.status).toBe(200);
  const environment = JSON.parse(answer.body) as Record<string, string>;
  expect(Object.keys(environment).sort()).toEqual([...VARIABLES].sort());
  expect(environment).toMatchObject({ AWS_REGION: 'eu-north-1', AWS_LAMBDA_FUNCTION_NAME: 'mint-for-azure', AWS_ACCESS_KEY_ID: expect.stringMatching(/^ASIA/) });
  // The same session until it comes near its end.
  expect(lab.aws.lambdaEnvironment(ACCOUNT, 'mint-for-azure').AWS_ACCESS_KEY_ID).toBe(environment.AWS_ACCESS_KEY_ID);
  Object.assign(process.env, environment);

  const sts = new STSClient({ endpoint: lab.aws.urls.endpoint, region: environment.AWS_REGION, credentials: fromEnv(), maxAttempts: 1 });
  clients.push(sts);
  expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: ACCOUNT, Arn: 'arn:aws:sts::111122223333:assumed-role/lambda-exec/mint-for-azure' });
  const minted = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  const claims = decodeJwt(minted.WebIdentityToken!);
  expect(claims.sub).toBe(ROLE);
  expect(claims[NAMESPACE]).toMatchObject({ lambda_source_function_arn: FUNCTION_ARN, principal_tags: { team: 'payments' }, source_region: 'eu-north-1' });

  const trail = new CloudTrailClient({ endpoint: lab.aws.urls.endpoint, region: 'eu-north-1', credentials: fromEnv(), maxAttempts: 1 });
  clients.push(trail);
  const events = (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'mint-for-azure' }] }))).Events!.map((e) => JSON.parse(e.CloudTrailEvent!));
  expect(events.find((e) => e.eventName === 'GetWebIdentityToken')).toMatchObject({
    responseElements: { webIdentityTokenId: claims.jti },
    userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/lambda-exec/mint-for-azure', accessKeyId: environment.AWS_ACCESS_KEY_ID, sessionContext: { sessionIssuer: { arn: ROLE } } },
  });
});

test('an unknown function is 404, a role that does not trust lambda.amazonaws.com gives no environment', async () => {
  const unknown = await rawRequest(lab.aws.urls.endpoint, { method: 'GET', path: `/_fedlab/accounts/${ACCOUNT}/lambda-functions/absent/environment` });
  expect(unknown.status).toBe(404);
  expect(JSON.parse(unknown.body).error).toMatchObject({ code: 'ResourceNotFoundException' });
  const untrusted = await rawRequest(lab.aws.urls.endpoint, { method: 'GET', path: `/_fedlab/accounts/${ACCOUNT}/lambda-functions/wrong-role/environment` });
  expect(untrusted.status).toBe(403);
  expect(JSON.parse(untrusted.body).error).toMatchObject({ code: 'AssumeRoleUnauthorizedAccess', message: expect.stringContaining('lambda.amazonaws.com') });
});
