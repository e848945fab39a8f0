import { GetWebIdentityTokenCommand, STSClient, type GetWebIdentityTokenCommandInput } from '@aws-sdk/client-sts';
import { decodeJwt } from 'jose';
import { OTHER, RESTRICTED, sdkError, SESSION, startTestAws, WORKLOAD, type TestAws } from './support.js';

const SHORT_SESSION = 'arn:aws:iam::111122223333:role/short-session';
const EXPIRED_SESSION = 'arn:aws:iam::111122223333:role/expired-session';
const ORIGIN = 'arn:aws:iam::111122223333:role/origin-identity';

let lab: TestAws;
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].principals.push(
      {
        arn: SHORT_SESSION,
        accessKeyId: 'ASIAEXAMPLESHORT0001',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLESHORTKEY',
        sessionToken: 'FwoGZXIvYXdzEXAMPLESHORT',
        sessionExpiresAt: new Date(Date.now() + 600_000).toISOString(),
      },
      {
        arn: EXPIRED_SESSION,
        accessKeyId: 'ASIAEXAMPLEEXPIRED01',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEEXPIREDKEY',
        sessionToken: 'FwoGZXIvYXdzEXAMPLEEXPIRED',
        sessionExpiresAt: '2020-01-01T00:00:00Z',
      },
      {
        arn: ORIGIN,
        accessKeyId: 'ASIAEXAMPLEORIGIN001',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEORIGINKEY',
        sessionToken: 'FwoGZXIvYXdzEXAMPLEORIGIN',
        originIdentity: { subject: 'alice@example.com', issuer: 'https://idp.example.com' },
      },
    );
  });
});
afterAll(() => lab.close());

const mint = (arn: string, input: Partial<GetWebIdentityTokenCommandInput> = {}, client: STSClient = lab.sts(arn)) =>
  client.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', ...input }));

const lastRejection = () => lab.events.recent().filter((e) => e.type === 'sts-rejected').at(-1)!;

describe('authentication', () => {
  test('a wrong secret is SignatureDoesNotMatch (403) with AWS’s message', async () => {
    const client = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: { ...lab.credentials(WORKLOAD), secretAccessKey: 'not-the-right-secret-key' } });
    const error = await sdkError(mint(WORKLOAD, {}, client));
    client.destroy();
    expect(error).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(error.message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
    expect(lastRejection()).toMatchObject({ code: 'SignatureDoesNotMatch', failedCheck: 'signature' });
  });

  test('an unknown access key is InvalidClientTokenId (403)', async () => {
    const client = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIAUNKNOWNEXAMPLE01', secretAccessKey: 'x'.repeat(40) } });
    const error = await sdkError(mint(WORKLOAD, {}, client));
    client.destroy();
    expect(error).toMatchObject({ name: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });
  });

  test('temporary credentials without (or with a wrong) session token are InvalidClientTokenId (403)', async () => {
    const { sessionToken, ...keys } = lab.credentials(SESSION);
    expect(sessionToken).toBeDefined();
    for (const credentials of [keys, { ...keys, sessionToken: 'FwoGZXIvYXdzWRONGTOKEN' }]) {
      const client = new STSClient({ endpoint: lab.aws.urls.endpoint, region: 'us-east-1', maxAttempts: 1, credentials });
      expect(await sdkError(mint(SESSION, {}, client))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
      client.destroy();
    }
    expect(lastRejection()).toMatchObject({ failedCheck: 'security-token' });
  });

  test('expired session credentials are ExpiredToken (403)', async () => {
    expect(await sdkError(mint(EXPIRED_SESSION))).toMatchObject({ name: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' });
  });
});

describe('validation (ValidationError 400, AWS wording)', () => {
  test.each([
    ['audience-count', { Audience: [] }, "1 validation error detected: Value '[]' at 'audience' failed to satisfy constraint: Member must have length greater than or equal to 1"],
    ['audience-required', { Audience: undefined }, "1 validation error detected: Value null at 'audience' failed to satisfy constraint: Member must not be null"],
    ['audience-count', { Audience: Array.from({ length: 11 }, (_, i) => `aud-${i}`) }, 'Member must have length less than or equal to 10'],
    ['audience-length', { Audience: [''] }, "1 validation error detected: Value '' at 'audience.1.member' failed to satisfy constraint: Member must have length greater than or equal to 1"],
    ['audience-length', { Audience: ['ok', 'a'.repeat(1001)] }, "at 'audience.2.member' failed to satisfy constraint: Member must have length less than or equal to 1000"],
    ['signing-algorithm', { SigningAlgorithm: 'es384' }, "1 validation error detected: Value 'es384' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RS256, ES384]"],
    ['signing-algorithm', { SigningAlgorithm: 'HS256' }, "Value 'HS256' at 'signingAlgorithm'"],
    ['duration-seconds', { DurationSeconds: 59 }, "1 validation error detected: Value '59' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60"],
    ['duration-seconds', { DurationSeconds: 3601 }, "1 validation error detected: Value '3601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 3600"],
    ['tag-key', { Tags: [{ Key: 'bad!key', Value: 'v' }] }, "Value 'bad!key' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+"],
    ['tag-value', { Tags: [{ Key: 'k', Value: 'x'.repeat(257) }] }, "at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256"],
    ['tag-count', { Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }, "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"],
    ['subject-mode', { SubjectMode: 'Somebody' }, "Value 'Somebody' at 'subjectMode' failed to satisfy constraint: Member must satisfy enum value set: [AWSIdentity, OriginIdentity]"],
    ['tag-keys-unique', { Tags: [{ Key: 'Env', Value: 'a' }, { Key: 'env', Value: 'b' }] }, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.'],
    ['scope-needs-origin-identity', { Scope: 'read' }, 'Scope can only be specified when SubjectMode is OriginIdentity.'],
    ['origin-identity-context', { SubjectMode: 'OriginIdentity' }, 'SubjectMode OriginIdentity requires a session whose trusted identity propagation context'],
  ] as [string, Partial<GetWebIdentityTokenCommandInput>, string][])('%s (case %#)', async (check, input, message) => {
    const error = await sdkError(mint(WORKLOAD, input));
    expect(error).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(error.message).toContain(message);
    expect(lastRejection()).toMatchObject({ code: 'ValidationError', failedCheck: check });
  });

  test('several constraint violations are reported together, each check named', async () => {
    const error = await sdkError(mint(WORKLOAD, { SigningAlgorithm: 'none', DurationSeconds: 30 }));
    expect(error.message).toBe(
      "2 validation errors detected: Value 'none' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [RS256, ES384]; Value '30' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    );
    expect(lastRejection()).toMatchObject({ failedCheck: 'signing-algorithm', failedChecks: ['signing-algorithm', 'duration-seconds'] });
  });

  test('Scope rules for SubjectMode OriginIdentity: one audience, valid scope values; the subject comes from the session', async () => {
    expect(await sdkError(mint(ORIGIN, { SubjectMode: 'OriginIdentity', Scope: 'read', Audience: ['a', 'b'] }))).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(lastRejection()).toMatchObject({ failedCheck: 'scope-single-audience' });
    for (const scope of ['read read', ' read', 'read,write', 'read  write']) {
      expect(await sdkError(mint(ORIGIN, { SubjectMode: 'OriginIdentity', Scope: scope }))).toMatchObject({ name: 'ValidationError' });
      expect(lastRejection()).toMatchObject({ failedCheck: 'scope-syntax' });
    }
    const token = decodeJwt((await mint(ORIGIN, { SubjectMode: 'OriginIdentity', Scope: 'files.read files.write' })).WebIdentityToken!);
    expect(token).toMatchObject({ sub: 'alice@example.com', scope: 'files.read files.write', subject_mode: 'OriginIdentity' });
    expect((token['https://sts.amazonaws.com/'] as Record<string, unknown>).principal_id).toBe(ORIGIN);
  });
});

describe('authorization, account switch, session cap, payload size', () => {
  const denied = (action: string) =>
    `User: arn:aws:sts::111122223333:assumed-role/fedlab-restricted/fedlab-session is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;

  test.each([
    [{ Audience: ['https://api.example.com'] }, 'sts:GetWebIdentityToken', 'identity-policy'],
    [{ Audience: ['api://AzureADTokenExchange', 'https://api.example.com'] }, 'sts:GetWebIdentityToken', 'identity-policy'],
    [{ DurationSeconds: 901 }, 'sts:GetWebIdentityToken', 'identity-policy'],
    [{ SigningAlgorithm: 'ES384' }, 'sts:GetWebIdentityToken', 'identity-policy'],
    [{ Tags: [{ Key: 'env', Value: 'prod' }] }, 'sts:TagGetWebIdentityToken', 'identity-policy'],
  ] as [Partial<GetWebIdentityTokenCommandInput>, string, string][])('policy denial %j → AccessDenied (403) on %s', async (input, action, check) => {
    const error = await sdkError(mint(RESTRICTED, input));
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403, message: denied(action) });
    expect(lastRejection()).toMatchObject({ failedCheck: check });
  });

  test('what the policy allows is minted', async () => {
    const token = decodeJwt((await mint(RESTRICTED, { DurationSeconds: 900 })).WebIdentityToken!);
    expect(token.exp! - token.iat!).toBe(900);
  });

  test('federation disabled → OutboundWebIdentityFederationDisabledException (403)', async () => {
    expect(await sdkError(mint(OTHER))).toMatchObject({ name: 'OutboundWebIdentityFederationDisabledException', status: 403 });
    expect(lastRejection()).toMatchObject({ failedCheck: 'federation-enabled' });
  });

  test('a token may not outlive the calling session → SessionDurationEscalationException (403)', async () => {
    expect(await sdkError(mint(SHORT_SESSION, { DurationSeconds: 900 }))).toMatchObject({ name: 'SessionDurationEscalationException', status: 403 });
    expect(lastRejection()).toMatchObject({ failedCheck: 'session-duration' });
    const token = decodeJwt((await mint(SHORT_SESSION, { DurationSeconds: 300 })).WebIdentityToken!);
    expect(token.exp! - token.iat!).toBe(300);
  });

  test('a payload over maxPayloadBytes → JWTPayloadSizeExceededException (400)', async () => {
    const Tags = Array.from({ length: 50 }, (_, i) => ({ Key: `tag-${i}`, Value: 'v'.repeat(256) }));
    expect(await sdkError(mint(WORKLOAD, { Tags }))).toMatchObject({ name: 'JWTPayloadSizeExceededException', status: 400 });
    expect(lastRejection()).toMatchObject({ failedCheck: 'payload-size' });
  });

  test('check order: validation before authorization before the account switch', async () => {
    lab.aws.setFederation('111122223333', false);
    try {
      expect(await sdkError(mint(RESTRICTED, { DurationSeconds: 30, Audience: ['https://api.example.com'] }))).toMatchObject({ name: 'ValidationError' });
      expect(await sdkError(mint(RESTRICTED, { Audience: ['https://api.example.com'] }))).toMatchObject({ name: 'AccessDenied' });
      expect(await sdkError(mint(RESTRICTED))).toMatchObject({ name: 'OutboundWebIdentityFederationDisabledException' });
    } finally {
      lab.aws.setFederation('111122223333', true);
    }
  });
});
