import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { ACCOUNT, NAMESPACE, SESSION, startTestAws, WORKLOAD, type TestAws } from './support.js';

const EC2_ROLE = 'arn:aws:iam::111122223333:role/service-role/ec2/fedlab-ec2';
const USER = 'arn:aws:iam::111122223333:user/fedlab-user';

let lab: TestAws;
let issuer: string;
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].principals.push(
      {
        arn: EC2_ROLE,
        accessKeyId: 'ASIAEXAMPLEEC2ROLE01',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEEC2ROLEKEY',
        sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLEEC2',
        sessionExpiresAt: '2099-06-01T12:30:45.500+02:00',
        context: {
          ec2SourceInstanceArn: 'arn:aws:ec2:eu-north-1:111122223333:instance/i-0123456789abcdef0',
          ec2InstanceSourceVpc: 'vpc-0123456789abcdef0',
          ec2InstanceSourcePrivateIpv4: '172.31.1.146',
          ec2RoleDelivery: '2.0',
          sourceIdentity: 'alice',
        },
      },
      { arn: USER, accessKeyId: 'AKIAEXAMPLEUSER00001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEUSERKEY' },
    );
  });
  issuer = lab.aws.urls.issuers[ACCOUNT]!;
});
afterAll(() => lab.close());

function headerBytes(token: string): string {
  return Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8');
}

/** What a relying party does: discovery with openid-client, then the JWKS through jose. */
async function verify(token: string, audience: string | string[]) {
  const config = await oidc.discovery(new URL(issuer), 'relying-party', undefined, undefined, { execute: [oidc.allowInsecureRequests] });
  const keys = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  return jwtVerify(token, keys, { issuer, audience, algorithms: ['RS256', 'ES384'] });
}

test('RS256 through the real SDK: exact header bytes, every claim, Expiration = iat + 300', async () => {
  const before = Math.floor(Date.now() / 1000);
  const result = await lab.sts(WORKLOAD).send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  const token = result.WebIdentityToken!;
  expect(headerBytes(token)).toBe('{"kid":"RSA_0","typ":"JWT","alg":"RS256"}');

  const { payload } = await verify(token, 'api://AzureADTokenExchange');
  expect(payload).toEqual({
    aud: 'api://AzureADTokenExchange',
    sub: WORKLOAD,
    [NAMESPACE]: {
      aws_account: ACCOUNT,
      source_region: 'eu-north-1',
      org_id: 'o-exampleorg1',
      ou_path: ['o-exampleorg1/r-ab12/ou-ab12-11111111/'],
      principal_id: WORKLOAD,
      principal_tags: { team: 'platform' },
    },
    iss: issuer,
    exp: payload.iat! + 300,
    iat: expect.any(Number),
    jti: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
  });
  expect(payload.iat).toBeGreaterThanOrEqual(before);
  expect(payload.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  expect(payload).not.toHaveProperty('nbf');
  expect(result.Expiration!.toISOString()).toBe(new Date(payload.exp! * 1000).toISOString());
  expect(result.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

  const minted = lab.events.recent().find((e) => e.type === 'token-minted' && e.jti === payload.jti);
  expect(minted).toMatchObject({ party: 'aws', accountId: ACCOUNT, principal: WORKLOAD, audiences: ['api://AzureADTokenExchange'], alg: 'RS256', kid: 'RSA_0', exp: payload.exp, issuer: payload.iss, host: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
});

test('ES384 with DurationSeconds 900, signed for us-west-2: EC384_0 header, exp - iat = 900, source_region follows the signing region', async () => {
  const result = await lab.sts(WORKLOAD, 'us-west-2').send(new GetWebIdentityTokenCommand({ Audience: ['https://issuer.enforce.dev'], SigningAlgorithm: 'ES384', DurationSeconds: 900 }));
  const token = result.WebIdentityToken!;
  expect(headerBytes(token)).toBe('{"kid":"EC384_0","typ":"JWT","alg":"ES384"}');
  const { payload, protectedHeader } = await verify(token, 'https://issuer.enforce.dev');
  expect(protectedHeader.alg).toBe('ES384');
  expect(payload.exp! - payload.iat!).toBe(900);
  expect((payload[NAMESPACE] as Record<string, unknown>).source_region).toBe('us-west-2');
  expect(result.Expiration!.getTime()).toBe(payload.exp! * 1000);
});

test('several audiences become an array in request order; request tags (spaces, non-ASCII) become request_tags', async () => {
  const audiences = ['https://api.example.com', 'api://AzureADTokenExchange', 'https://api.openai.com/v1'];
  const result = await lab.sts(WORKLOAD).send(
    new GetWebIdentityTokenCommand({
      Audience: audiences,
      SigningAlgorithm: 'RS256',
      Tags: [
        { Key: 'team', Value: 'data eng' },
        { Key: 'env', Value: 'prod' },
        { Key: 'café', Value: 'crème brûlée' },
        { Key: 'empty', Value: '' },
      ],
    }),
  );
  const { payload } = await verify(result.WebIdentityToken!, 'https://api.openai.com/v1');
  expect(payload.aud).toEqual(audiences);
  expect((payload[NAMESPACE] as Record<string, unknown>).request_tags).toEqual({ team: 'data eng', env: 'prod', café: 'crème brûlée', empty: '' });
});

test('a session principal gets original_session_exp; session context claims come from the config; sub keeps the role path', async () => {
  const session = decodeJwt((await lab.sts(SESSION).send(new GetWebIdentityTokenCommand({ Audience: ['a'], SigningAlgorithm: 'RS256' }))).WebIdentityToken!);
  expect(session.sub).toBe(SESSION);
  expect((session[NAMESPACE] as Record<string, unknown>).original_session_exp).toBe('2099-01-01T00:00:00Z');

  const ec2 = decodeJwt((await lab.sts(EC2_ROLE).send(new GetWebIdentityTokenCommand({ Audience: ['a'], SigningAlgorithm: 'ES384' }))).WebIdentityToken!);
  expect(ec2.sub).toBe(EC2_ROLE);
  expect(ec2[NAMESPACE]).toEqual({
    aws_account: ACCOUNT,
    source_region: 'eu-north-1',
    org_id: 'o-exampleorg1',
    ou_path: ['o-exampleorg1/r-ab12/ou-ab12-11111111/'],
    original_session_exp: '2099-06-01T10:30:45Z',
    ec2_source_instance_arn: 'arn:aws:ec2:eu-north-1:111122223333:instance/i-0123456789abcdef0',
    ec2_instance_source_vpc: 'vpc-0123456789abcdef0',
    ec2_instance_source_private_ipv4: '172.31.1.146',
    ec2_role_delivery: '2.0',
    source_identity: 'alice',
    principal_id: EC2_ROLE,
  });

  const user = decodeJwt((await lab.sts(USER).send(new GetWebIdentityTokenCommand({ Audience: ['a'], SigningAlgorithm: 'RS256' }))).WebIdentityToken!);
  expect(user.sub).toBe(USER);
  expect(user[NAMESPACE]).not.toHaveProperty('original_session_exp');
  expect(user[NAMESPACE]).not.toHaveProperty('principal_tags');
});

test('discovery document and JWKS have exactly the fields real AWS issuers publish', async () => {
  const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
  expect(discovery.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await discovery.json()).toEqual({
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'jti', NAMESPACE],
    id_token_signing_alg_values_supported: ['RS256', 'ES384'],
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    subject_types_supported: ['public'],
  });
  const jwks = await fetch(`${issuer}/.well-known/jwks.json`);
  expect(jwks.headers.get('content-type')).toMatch(/^application\/json/);
  const { keys } = await jwks.json();
  expect(keys).toEqual([
    { e: 'AQAB', kid: 'RSA_0', kty: 'RSA', n: expect.any(String), use: 'sig' },
    { alg: 'ES384', crv: 'P-384', kid: 'EC384_0', kty: 'EC', use: 'sig', x: expect.any(String), y: expect.any(String) },
  ]);
  expect(Buffer.from(keys[0].n, 'base64url')).toHaveLength(256);
  expect(Buffer.from(keys[1].x, 'base64url')).toHaveLength(48);
});

test('the other account has its own issuer and keys', async () => {
  const other = lab.aws.urls.issuers['444455556666']!;
  expect(other).not.toBe(issuer);
  const mine = (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()).keys;
  const theirs = (await (await fetch(`${other}/.well-known/jwks.json`)).json()).keys;
  expect(theirs[0].n).not.toBe(mine[0].n);
});
