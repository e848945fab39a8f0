import { createHash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { decodeJwt } from 'jose';
import { queryError, rawRequest, signedHeaders, startTestAws, WORKLOAD, type RawResponse, type TestAws } from './support.js';

let lab: TestAws;
let endpoint: string;
beforeAll(async () => {
  lab = await startTestAws();
  endpoint = lab.aws.urls.endpoint;
});
afterAll(() => lab.close());

const TOKEN_BODY = 'Action=GetWebIdentityToken&Version=2011-06-15&Audience.member.1=api%3A%2F%2FAzureADTokenExchange&SigningAlgorithm=RS256';

async function signedPost(body: string, options: Parameters<typeof signedHeaders>[3] = {}, tamper: (h: Record<string, string>) => void = () => {}): Promise<RawResponse> {
  const headers = await signedHeaders(endpoint, body, lab.credentials(WORKLOAD), options);
  tamper(headers);
  return rawRequest(endpoint, { headers, body });
}

/** Every awsQuery refusal: XML envelope, text/xml, the request id in header and body, the failed check named. */
function expectQueryError(res: RawResponse, status: number, code: string, check?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('text/xml');
  const error = queryError(res.body);
  expect(error.code).toBe(code);
  expect(res.body).toMatch(/^<ErrorResponse xmlns="https:\/\/(sts|iam)\.amazonaws\.com\/doc\/\d{4}-\d{2}-\d{2}\/">\n  <Error>\n    <Type>Sender<\/Type>/);
  expect(error.requestId).toBe(res.headers['x-amzn-requestid']);
  if (check) expect(res.headers['x-fedlab-failed-check']).toBe(check);
  return error;
}

test('a signed request by hand gets the exact success document: declaration, namespace, Expiration with .000Z', async () => {
  const res = await signedPost(TOKEN_BODY);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/xml');
  const token = /<WebIdentityToken>([^<]+)<\/WebIdentityToken>/.exec(res.body)![1]!;
  const exp = decodeJwt(token).exp!;
  expect(res.body).toBe(
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<GetWebIdentityTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
      '  <GetWebIdentityTokenResult>',
      `    <WebIdentityToken>${token}</WebIdentityToken>`,
      `    <Expiration>${new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, '.000Z')}</Expiration>`,
      '  </GetWebIdentityTokenResult>',
      '  <ResponseMetadata>',
      `    <RequestId>${res.headers['x-amzn-requestid']}</RequestId>`,
      '  </ResponseMetadata>',
      '</GetWebIdentityTokenResponse>',
      '',
    ].join('\n'),
  );
});

test('form bodies with `+` for spaces and a charset parameter on the content type are read like the SDK’s', async () => {
  const body = 'Action=GetWebIdentityToken&Version=2011-06-15&Audience.member.1=hello+world&SigningAlgorithm=RS256&Tags.member.1.Key=team&Tags.member.1.Value=data+eng';
  const res = await signedPost(body, { contentType: 'application/x-www-form-urlencoded; charset=utf-8' });
  expect(res.status).toBe(200);
  const claims = decodeJwt(/<WebIdentityToken>([^<]+)</.exec(res.body)![1]!);
  expect(claims.aud).toBe('hello world');
  expect(claims['https://sts.amazonaws.com/']).toMatchObject({ request_tags: { team: 'data eng' }, source_region: 'us-east-1' });
});

test('no Authorization header → MissingAuthenticationToken (403)', async () => {
  const res = await rawRequest(endpoint, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: TOKEN_BODY });
  expect(expectQueryError(res, 403, 'MissingAuthenticationToken', 'authorization-present').message).toBe('Request is missing Authentication Token');
});

test('a mangled Authorization header → IncompleteSignature (400) listing what is missing', async () => {
  const res = await signedPost(TOKEN_BODY, {}, (h) => (h.authorization = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sts/aws4_request'));
  const error = expectQueryError(res, 400, 'IncompleteSignature', 'authorization-well-formed');
  expect(error.message).toContain("Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.");

  const garbage = await signedPost(TOKEN_BODY, {}, (h) => (h.authorization = 'Bearer abc'));
  expectQueryError(garbage, 400, 'IncompleteSignature', 'authorization-well-formed');
});

test('SigV4a is not accepted → IncompleteSignature (400)', async () => {
  const res = await signedPost(TOKEN_BODY, {}, (h) => (h.authorization = h.authorization!.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256')));
  expect(expectQueryError(res, 400, 'IncompleteSignature').message).toContain("Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'");
});

test('an x-amz-date more than 15 minutes away from the party clock → RequestExpired', async () => {
  const res = await signedPost(TOKEN_BODY, { signingDate: new Date(Date.now() - 20 * 60_000) });
  const error = expectQueryError(res, 400, 'RequestExpired', 'request-time');
  expect(error.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/);

  lab.clock.setOffsetMs(-30 * 60_000);
  try {
    const early = await signedPost(TOKEN_BODY);
    expect(expectQueryError(early, 400, 'RequestExpired').message).toMatch(/^Signature not yet current: /);
  } finally {
    lab.clock.setOffsetMs(0);
  }
});

test('a body that does not match x-amz-content-sha256, or a body changed after signing, is rejected', async () => {
  const res = await signedPost(TOKEN_BODY, {}, (h) => (h['x-amz-content-sha256'] = createHash('sha256').update('other').digest('hex')));
  expectQueryError(res, 400, 'XAmzContentSHA256Mismatch', 'payload-hash');

  // A client that sends no x-amz-content-sha256: the body is still covered by the signature.
  const headers = await signedHeaders(endpoint, TOKEN_BODY, lab.credentials(WORKLOAD), { payloadHashHeader: false });
  expect(headers).not.toHaveProperty('x-amz-content-sha256');
  expect((await rawRequest(endpoint, { headers, body: TOKEN_BODY })).status).toBe(200);
  const changed = TOKEN_BODY.replace('RS256', 'ES384');
  const tampered = await rawRequest(endpoint, { headers, body: changed });
  expectQueryError(tampered, 403, 'SignatureDoesNotMatch', 'signature');
  expect(lab.events.recent().filter((e) => e.type === 'token-minted' && e.alg === 'ES384')).toHaveLength(0);
});

test('credentials scoped to the wrong service → SignatureDoesNotMatch naming the right one', async () => {
  const res = await signedPost('Action=GetOutboundWebIdentityFederationInfo&Version=2010-05-08', { service: 'sts' });
  expect(expectQueryError(res, 403, 'SignatureDoesNotMatch', 'credential-scope').message).toBe("Credential should be scoped to correct service: 'iam'. ");
  expect(res.body).toContain('xmlns="https://iam.amazonaws.com/doc/2010-05-08/"');
});

test('unknown Action, wrong or missing Version, no Action → awsQuery errors', async () => {
  expect(expectQueryError(await signedPost('Action=AssumeRoleWithMagic&Version=2011-06-15'), 400, 'InvalidAction', 'action-known').message).toBe(
    'Could not find operation AssumeRoleWithMagic for version 2011-06-15',
  );
  expect(expectQueryError(await signedPost('Action=GetWebIdentityToken'), 400, 'InvalidAction', 'api-version').message).toBe(
    'Could not find operation GetWebIdentityToken for version NO_VERSION_SPECIFIED',
  );
  expect(expectQueryError(await signedPost('Action=GetWebIdentityToken&Version=2010-05-08'), 400, 'InvalidAction', 'api-version').message).toBe(
    'Could not find operation GetWebIdentityToken for version 2010-05-08',
  );
  expectQueryError(await signedPost('Version=2011-06-15'), 400, 'MissingAction', 'action-present');
  expectQueryError(await signedPost(TOKEN_BODY, { contentType: 'application/json' }), 400, 'MissingAction');
});

test('an oversized or undecodable body is refused in awsQuery XML, not with a 500 or an HTML page', async () => {
  const big = await rawRequest(endpoint, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetWebIdentityToken&x=' + 'a'.repeat(300 * 1024) });
  expect(big.status).toBe(413);
  expect(queryError(big.body).code).toBe('RequestEntityTooLarge');

  const unknownEncoding = await rawRequest(endpoint, { headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'br-unknown' }, body: TOKEN_BODY });
  expect(unknownEncoding.status).toBe(400);
  expect(queryError(unknownEncoding.body).code).toBe('MalformedQueryString');
});

test('health and unknown issuers answer JSON', async () => {
  const health = await rawRequest(endpoint, { method: 'GET', path: '/health' });
  expect(health.status).toBe(200);
  expect(JSON.parse(health.body)).toEqual({ status: 'ok', party: 'aws' });

  const issuer = await rawRequest(endpoint, { method: 'GET', path: '/00000000-0000-4000-8000-000000000000/.well-known/jwks.json' });
  expect(issuer.status).toBe(404);
  expect(issuer.headers['content-type']).toMatch(/^application\/json/);
  expect(JSON.parse(issuer.body).error).toBe('not_found');
});

// What no route takes is answered in AWS's protocol: awsQuery XML, or AWS JSON for JSON-protocol requests.
const xmlError = (res: { status: number; headers: Record<string, unknown>; body: string }) => ({ status: res.status, type: res.headers['content-type'], ...queryError(res.body) });

test('a GET with awsQuery parameters in the query string is an STS request: unsigned => MissingAuthenticationToken in XML', async () => {
  const res = await rawRequest(endpoint, { method: 'GET', path: '/?Action=GetCallerIdentity&Version=2011-06-15' });
  expect(xmlError(res)).toMatchObject({ status: 403, type: 'text/xml', code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
  expect(res.body).toContain('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
});

test('a SigV4-signed GET (parameters in the query string) is answered like the POST', async () => {
  const url = new URL(endpoint);
  const signer = new SignatureV4({ credentials: lab.credentials(WORKLOAD), region: 'us-east-1', service: 'sts', sha256: Hash.bind(null, 'sha256') });
  const query = { Action: 'GetCallerIdentity', Version: '2011-06-15' };
  const signed = await signer.sign({ method: 'GET', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: '/', query, headers: { host: url.host } });
  const res = await rawRequest(endpoint, { method: 'GET', path: `/?${new URLSearchParams(query)}`, headers: signed.headers as Record<string, string> });
  expect(res.status).toBe(200);
  expect(res.body).toContain('<GetCallerIdentityResponse');
  expect(res.body).toContain("<Arn>arn:aws:sts::111122223333:assumed-role/fedlab-workload/fedlab-session</Arn>");
});

test('GET / without parameters, another path, another method: awsQuery XML errors naming what is missing', async () => {
  expect(xmlError(await rawRequest(endpoint, { method: 'GET', path: '/' }))).toMatchObject({ status: 400, type: 'text/xml', code: 'MissingAction' });
  expect(xmlError(await rawRequest(endpoint, { method: 'GET', path: '/no/such/path?Action=NoSuchAction&Version=2011-06-15' }))).toMatchObject({
    status: 400,
    code: 'InvalidAction',
    message: 'Could not find operation NoSuchAction for version 2011-06-15',
  });
  expect(xmlError(await rawRequest(endpoint, { method: 'DELETE', path: '/' }))).toMatchObject({ status: 400, code: 'MissingAction' });
});

test('a JSON-protocol request no route takes gets an AWS JSON error, not XML', async () => {
  for (const headers of [{ 'x-amz-target': 'CloudTrail_20131101.LookupEvents' }, { 'content-type': 'application/x-amz-json-1.1' }] as Record<string, string>[]) {
    const res = await rawRequest(endpoint, { method: 'PUT', path: '/', headers, body: '{}' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(res.headers['x-amzn-errortype']).toBe('UnknownOperationException');
    expect(JSON.parse(res.body)).toEqual({ __type: 'UnknownOperationException', message: 'AWS JSON operations are POST /; no operation at PUT /' });
  }
});
