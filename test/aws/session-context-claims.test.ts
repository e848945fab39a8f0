import { GetCallerIdentityCommand, GetWebIdentityTokenCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { fromEnv, fromInstanceMetadata } from '@aws-sdk/credential-providers';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { ACCOUNT, NAMESPACE, rawRequest, startTestAws, type TestAws } from './support.js';

/**
 * "Where the credentials came from", two roads: a configured principal whose `context` says it is an
 * EC2 instance profile or a Lambda execution role session, and the real session of the same kind
 * (IMDSv2 instance profile, Lambda's environment). The tokens minted with each carry the same claim
 * names and shapes; only what is per token or per session differs.
 */

const REGION = 'eu-north-1';
const EC2_ROLE = `arn:aws:iam::${ACCOUNT}:role/ec2-app`;
const LAMBDA_ROLE = `arn:aws:iam::${ACCOUNT}:role/lambda-exec`;
const INSTANCE = 'i-0123456789abcdef0';
const FUNCTION = 'mint-for-azure';
const CONFIGURED_EXPIRY = '2099-01-01T00:00:00Z';
const LAMBDA_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_NAME'];
const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const trustedBy = (service: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

let lab: TestAws;
const clients: { destroy(): void }[] = [];
const saved = Object.fromEntries(['AWS_EC2_METADATA_SERVICE_ENDPOINT', ...LAMBDA_VARIABLES].map((v) => [v, process.env[v]]));
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].roles = [
      { arn: EC2_ROLE, tags: { team: 'platform' }, trustPolicy: trustedBy('ec2.amazonaws.com') },
      { arn: LAMBDA_ROLE, tags: { team: 'payments' }, trustPolicy: trustedBy('lambda.amazonaws.com') },
    ];
    aws.accounts[0].ec2Instances = [{ instanceId: INSTANCE, roleArn: EC2_ROLE, region: REGION, vpcId: 'vpc-0abc1234', privateIpv4: '10.0.0.12' }];
    aws.accounts[0].lambdaFunctions = [{ name: FUNCTION, roleArn: LAMBDA_ROLE, region: REGION }];
    // The same sessions typed into the configuration, as before fedlab opened them itself.
    aws.accounts[0].principals.push(
      {
        arn: EC2_ROLE,
        accessKeyId: 'ASIAEXAMPLEEC2CONF01',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEEC2CONFIGURED',
        sessionToken: 'FwoGZXIvYXdzEXAMPLEEC2CONFIGUREDTOKEN',
        sessionExpiresAt: CONFIGURED_EXPIRY,
        sessionName: INSTANCE,
        tags: { team: 'platform' },
        context: {
          ec2SourceInstanceArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${INSTANCE}`,
          ec2InstanceSourceVpc: 'vpc-0abc1234',
          ec2InstanceSourcePrivateIpv4: '10.0.0.12',
          ec2RoleDelivery: '2.0',
        },
      },
      {
        arn: LAMBDA_ROLE,
        accessKeyId: 'ASIAEXAMPLELAMBDACF1',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLELAMBDACONFIG',
        sessionToken: 'FwoGZXIvYXdzEXAMPLELAMBDACONFIGUREDTOKEN',
        sessionExpiresAt: CONFIGURED_EXPIRY,
        sessionName: FUNCTION,
        tags: { team: 'payments' },
        context: { lambdaSourceFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}` },
      },
    );
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

const sts = (credentials: STSClientConfig['credentials']) => {
  const client = new STSClient({ endpoint: lab.aws.urls.endpoint, region: REGION, credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
};
/** The configured principal's own long-lived session keys. */
const configured = (arn: string) => sts(lab.credentials(arn));

interface Minted {
  header: ReturnType<typeof decodeProtectedHeader>;
  claims: JWTPayload;
  aws: Record<string, unknown>;
  caller: { Arn?: string; UserId?: string; Account?: string };
}

async function mint(client: STSClient): Promise<Minted> {
  const { Arn, UserId, Account } = await client.send(new GetCallerIdentityCommand({}));
  const out = await client.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', DurationSeconds: 900 }));
  const claims = decodeJwt(out.WebIdentityToken!);
  return { header: decodeProtectedHeader(out.WebIdentityToken!), claims, aws: claims[NAMESPACE] as Record<string, unknown>, caller: { Arn, UserId, Account } };
}

/** Shapes, not values: the type of every claim, nested objects by their own keys' types. */
const shape = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)])) : Array.isArray(value) ? ['array', ...value.map(shape)] : typeof value;

const without = (object: Record<string, unknown>, keys: string[]) => Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));

/**
 * What must differ between the two roads, and why: `jti` is new for every token; `iat`/`exp` are
 * when each token was minted (same lifetime); `original_session_exp` is each session's own end (the
 * configured `sessionExpiresAt`, or the end of the session fedlab opened). Everything else is equal.
 */
const PER_TOKEN = ['jti', 'iat', 'exp'];
const PER_SESSION = ['original_session_exp'];

function expectSameClaims(typed: Minted, opened: Minted, sessionEnd: string) {
  expect(shape(typed.claims)).toEqual(shape(opened.claims));
  expect(Object.keys(typed.aws).sort()).toEqual(Object.keys(opened.aws).sort());
  expect(without(typed.claims, [...PER_TOKEN, NAMESPACE])).toEqual(without(opened.claims, [...PER_TOKEN, NAMESPACE]));
  expect(without(typed.aws, PER_SESSION)).toEqual(without(opened.aws, PER_SESSION));
  expect(typed.header).toEqual(opened.header);
  expect(typed.caller).toEqual(opened.caller);

  for (const m of [typed, opened]) {
    expect(m.claims.jti).toMatch(UUID);
    expect(m.claims.exp! - m.claims.iat!).toBe(900);
    expect(m.aws.original_session_exp).toMatch(ISO_SECONDS);
  }
  expect(typed.claims.jti).not.toBe(opened.claims.jti);
  expect(typed.aws.original_session_exp).toBe(CONFIGURED_EXPIRY);
  expect(opened.aws.original_session_exp).toBe(sessionEnd);
}

test('EC2: a configured instance-profile context and a real IMDSv2 instance profile session mint the same claims', async () => {
  process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = lab.aws.urls.imds[INSTANCE];
  const provider = fromInstanceMetadata({ timeout: 2000, maxRetries: 0 });
  const session = await provider();
  const opened = await mint(sts(provider));
  const typed = await mint(configured(EC2_ROLE));

  expectSameClaims(typed, opened, session.expiration!.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  // The context claims themselves, so that "equal" cannot mean "both missing".
  expect(opened.aws).toMatchObject({
    ec2_source_instance_arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${INSTANCE}`,
    ec2_instance_source_vpc: 'vpc-0abc1234',
    ec2_instance_source_private_ipv4: '10.0.0.12',
    ec2_role_delivery: '2.0',
    principal_id: EC2_ROLE,
    principal_tags: { team: 'platform' },
  });
  expect(opened.caller.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/ec2-app/${INSTANCE}`);
});

test('Lambda: a configured function context and a real execution role session (the function environment) mint the same claims', async () => {
  const answer = await rawRequest(lab.aws.urls.endpoint, { method: 'GET', path: `/_fedlab/accounts/${ACCOUNT}/lambda-functions/${FUNCTION}/environment` });
  expect(answer.status).toBe(200);
  Object.assign(process.env, JSON.parse(answer.body) as Record<string, string>);
  const opened = await mint(sts(fromEnv()));
  const typed = await mint(configured(LAMBDA_ROLE));
  // Lambda's environment carries no expiry: the session's end is the one fedlab announced when it opened it.
  const issued = lab.events.recent().find((e) => e.type === 'function-credentials-issued' && e.functionName === FUNCTION)!;

  expectSameClaims(typed, opened, issued.expiresAt as string);
  expect(opened.aws).toMatchObject({
    lambda_source_function_arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}`,
    principal_id: LAMBDA_ROLE,
    principal_tags: { team: 'payments' },
  });
  expect(opened.caller.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/lambda-exec/${FUNCTION}`);
});
