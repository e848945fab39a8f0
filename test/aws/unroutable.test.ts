import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { queryError, rawRequest, startTestAws, WORKLOAD, type TestAws } from './support.js';

/** What no route takes is answered in AWS's protocol: awsQuery XML, or AWS JSON for JSON-protocol requests. */
let lab: TestAws;
let endpoint: string;
beforeAll(async () => {
  lab = await startTestAws();
  endpoint = lab.aws.urls.endpoint;
});
afterAll(() => lab.close());

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
