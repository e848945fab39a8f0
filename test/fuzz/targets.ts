import { request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import fc from 'fast-check';
import { signedHeaders, WORKLOAD, type TestAws } from '../aws/support.js';
import { CLIENT_ID, type SecurityLab } from '../security/helpers/security-lab.js';

/**
 * Property-based fuzzing of fedlab's three public request surfaces (issue #5 §3). Invariants on every
 * answer: never a 5xx, never a hang, the party's own error format, and a token or a secret only for an
 * input that carries an unmodified valid credential. `memory` tracks RSS so runners can bound it.
 */
export interface FuzzAnswer {
  status: number;
  contentType: string;
  text: string;
}

function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: Agent }): Promise<FuzzAnswer | 'client-refused'> {
  const target = new URL(url);
  const doRequest = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let req;
    try {
      req = doRequest(target, { method: options.method ?? 'POST', headers: options.headers, ...(options.agent ? { agent: options.agent } : { agent: false }) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      });
    } catch {
      // Node's client refuses header values it cannot send (control characters): not a server answer.
      return resolve('client-refused');
    }
    req.setTimeout(10_000, () => req.destroy(new Error('server did not answer within 10 s')));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Random edits of a string: replace, insert or delete characters at random positions. */
export const mutated = (original: string) =>
  fc
    .array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete'), fc.string({ minLength: 1, maxLength: 3, unit: 'binary' })), { minLength: 1, maxLength: 4 })
    .map((edits) => {
      let s = original;
      for (const [at, kind, text] of edits) {
        const i = s.length === 0 ? 0 : at % s.length;
        s = kind === 'insert' ? s.slice(0, i) + text + s.slice(i) : kind === 'delete' ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + text + s.slice(i + text.length);
      }
      return s;
    });

const b64u = (s: string) => Buffer.from(s).toString('base64url');
/** Three segments of base64url JSON that is not a valid signed token. */
const fakeJwt = fc.tuple(fc.json(), fc.json(), fc.string({ maxLength: 40 })).map(([h, p, s]) => `${b64u(h)}.${b64u(p)}.${b64u(s)}`);

const PARAMS = ['grant_type', 'client_id', 'client_assertion', 'client_assertion_type', 'scope', 'resource', 'audience', 'subject_token', 'subject_token_type', 'requested_token_type', 'client_secret', '__proto__', 'constructor', 'hasOwnProperty', 'client-request-id'];

export function entraTokenTarget(lab: SecurityLab, validTokens: readonly string[]) {
  const agent = new Agent({ ca: lab.ctx.tls.caCertPem, keepAlive: true });
  const url = `${lab.entra.urls.authorityHost}/8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10/oauth2/v2.0/token`;
  const token = fc.oneof(fc.constantFrom(...validTokens), fc.constantFrom(...validTokens).chain(mutated), fakeJwt, fc.string({ unit: 'binary', maxLength: 200 }));
  const value = fc.oneof(
    token,
    fc.constantFrom('client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange', CLIENT_ID, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', 'urn:ietf:params:oauth:token-type:jwt', 'https://vault.azure.net/.default'),
    fc.string({ unit: 'binary', maxLength: 50 }),
  );
  const pair = fc.tuple(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 12 })), value);
  const input = fc.record({
    pairs: fc.array(pair, { maxLength: 10 }),
    contentType: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'application/x-www-form-urlencoded; charset=latin1', ''),
    raw: fc.option(fc.uint8Array({ maxLength: 400 }), { freq: 5 }),
  });
  const property = fc.asyncProperty(input, async ({ pairs, contentType, raw }) => {
    const body = raw ? Buffer.from(raw) : new URLSearchParams(pairs).toString();
    const answer = await send(url, { headers: contentType ? { 'content-type': contentType } : {}, body, agent });
    if (answer === 'client-refused') return;
    if (answer.status >= 500) throw new Error(`5xx ${answer.status}: ${answer.text.slice(0, 300)}`);
    if (!/^application\/json/.test(answer.contentType)) throw new Error(`not JSON: ${answer.contentType}`);
    if (answer.text.includes('"access_token"')) {
      // A token only for an unmodified valid assertion, sent once, with the right client and grant.
      const params = new URLSearchParams(raw ? '' : body.toString());
      const presented = [...params.getAll('client_assertion'), ...params.getAll('subject_token')];
      if (!(presented.length === 1 && validTokens.includes(presented[0]!))) throw new Error(`access token for an input that is not a valid assertion: ${body.toString().slice(0, 300)}`);
    }
  });
  return { property, close: () => agent.destroy() };
}

export function stsTarget(aws: TestAws) {
  const url = aws.aws.urls.endpoint;
  const BODY = 'Action=GetWebIdentityToken&Version=2011-06-15&Audience.member.1=api%3A%2F%2FAzureADTokenExchange&SigningAlgorithm=RS256';
  const input = fc.record({
    body: fc.oneof(fc.constant(BODY), mutated(BODY), fc.string({ unit: 'binary', maxLength: 300 })),
    headerEdit: fc.option(fc.tuple(fc.constantFrom('authorization', 'x-amz-date', 'x-amz-content-sha256', 'content-type', 'host', 'x-amz-security-token'), fc.string({ maxLength: 80 })), { freq: 2 }),
    mutateAuthorization: fc.boolean(),
  });
  const property = fc.asyncProperty(input, async ({ body, headerEdit, mutateAuthorization }) => {
    const headers = await signedHeaders(url, BODY, aws.credentials(WORKLOAD));
    const original = headers.authorization!;
    if (headerEdit) headers[headerEdit[0]] = headerEdit[1];
    if (mutateAuthorization) headers.authorization = fc.sample(mutated(headers.authorization!), 1)[0]!;
    const signature = /Signature=([0-9a-f]{64})/.exec(original)![1]!;
    const answer = await send(url, { headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, body });
    if (answer === 'client-refused') return;
    if (answer.status >= 500) throw new Error(`5xx ${answer.status}: ${answer.text.slice(0, 300)}`);
    if (!/xml/.test(answer.contentType)) throw new Error(`not XML: ${answer.contentType} ${answer.text.slice(0, 200)}`);
    // A token only for the signed body under the original signature.
    if (answer.text.includes('<WebIdentityToken>') && (body !== BODY || !headers.authorization?.includes(signature))) throw new Error(`token for a changed request: ${body.slice(0, 200)}`);
  });
  return { property };
}

export function vaultTarget(lab: SecurityLab, valid: string) {
  const agent = new Agent({ ca: lab.ctx.tls.caCertPem, keepAlive: true });
  const url = `${lab.vault.urls.url}/secrets/demo-secret?api-version=7.5`;
  const authorization = fc.oneof(
    fc.constant(`Bearer ${valid}`),
    mutated(valid).map((t) => `Bearer ${t}`),
    fakeJwt.map((t) => `Bearer ${t}`),
    fc.string({ maxLength: 200 }),
    mutated(`Bearer ${valid}`),
  );
  const property = fc.asyncProperty(authorization, fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH'), async (auth, method) => {
    const answer = await send(url, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: method === 'GET' || method === 'DELETE' ? undefined : '{"value":"x"}', agent });
    if (answer === 'client-refused') return;
    if (answer.status >= 500) throw new Error(`5xx ${answer.status}: ${answer.text.slice(0, 300)}`);
    if (!/^application\/json/.test(answer.contentType)) throw new Error(`not JSON: ${answer.contentType}`);
    const presented = /^Bearer +(\S+) *$/i.exec(auth)?.[1];
    if (answer.status < 300 && presented !== valid) throw new Error(`served for a token that is not the valid one: ${auth.slice(0, 200)}`);
  });
  return { property, close: () => agent.destroy() };
}
