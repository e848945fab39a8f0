import { rmSync } from 'node:fs';
import { decodeJwt } from 'jose';
import { parseFedlabConfig, type FedlabConfig } from '../../src/config.js';
import { mintTokenWithConfig, runToken, StsRefusal, TokenUsageError, type TokenCommandOptions } from '../../src/commands/token.js';
import { defaultConfigObject, tempDir, writeConfig } from '../helpers/temp-config.js';
import { RESTRICTED, startTestAws, WORKLOAD, type TestAws } from './support.js';

let lab: TestAws;
let config: FedlabConfig;
beforeAll(async () => {
  lab = await startTestAws();
  // What `fedlab token --config` reads: the same principals, aws.port pointing at the running party.
  const raw = defaultConfigObject();
  raw.aws.port = Number(new URL(lab.aws.urls.endpoint).port);
  config = parseFedlabConfig(raw);
});
afterAll(() => lab.close());

const options = (extra: Partial<TokenCommandOptions> = {}): TokenCommandOptions => ({ principal: WORKLOAD, audience: ['api://AzureADTokenExchange'], alg: 'RS256', ...extra });

test('the endpoint defaults to http://<aws.host>:<aws.port>; the region to the account’s; several --audience values', async () => {
  const minted = await mintTokenWithConfig(config, options({ audience: ['a', 'b'], alg: 'ES384', duration: '900' }));
  expect(minted.endpoint).toBe(lab.aws.urls.endpoint);
  const claims = decodeJwt(minted.token);
  expect(claims).toMatchObject({ aud: ['a', 'b'], sub: WORKLOAD });
  expect(claims.exp! - claims.iat!).toBe(900);
  expect((claims['https://sts.amazonaws.com/'] as Record<string, unknown>).source_region).toBe('us-east-1');
  expect(minted.expiration!.getTime()).toBe(claims.exp! * 1000);
});

test('--region and --endpoint are used as given', async () => {
  const minted = await mintTokenWithConfig({ ...config, aws: { ...config.aws, port: 1 } }, options({ region: 'ap-southeast-2', endpoint: lab.aws.urls.endpoint }));
  expect((decodeJwt(minted.token)['https://sts.amazonaws.com/'] as Record<string, unknown>).source_region).toBe('ap-southeast-2');
});

test('STS refusals come back as code + message + status', async () => {
  const refusal = await mintTokenWithConfig(config, options({ principal: RESTRICTED, alg: 'ES384' })).catch((e: unknown) => e);
  expect(refusal).toBeInstanceOf(StsRefusal);
  expect(refusal).toMatchObject({ code: 'AccessDenied', status: 403 });
  expect((refusal as Error).message).toContain('is not authorized to perform: sts:GetWebIdentityToken');
});

test('mistakes on the command line are usage errors that name the problem', async () => {
  await expect(mintTokenWithConfig(config, options({ principal: 'arn:aws:iam::111122223333:role/nobody' }))).rejects.toThrow(
    /no principal arn:aws:iam::111122223333:role\/nobody in the configuration; configured principals:\n  arn:aws:iam::111122223333:role\/fedlab-workload/,
  );
  await expect(mintTokenWithConfig(config, options({ audience: [] }))).rejects.toThrow(TokenUsageError);
  await expect(mintTokenWithConfig(config, options({ duration: 'ten' }))).rejects.toThrow("--duration must be a whole number of seconds, not 'ten'");
  await expect(mintTokenWithConfig(config, options({ endpoint: 'http://127.0.0.1:1' }))).rejects.toThrow(/cannot reach fedlab STS at http:\/\/127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1 \(is `fedlab start` running\?/);
});

test('runToken prints only the token on stdout (exit 0); refusals and usage errors go to stderr with exit 1 and 2', async () => {
  const dir = tempDir();
  const file = writeConfig(dir, { ...defaultConfigObject(), aws: { ...defaultConfigObject().aws, port: Number(new URL(lab.aws.urls.endpoint).port) } });
  const run = async (extra: Partial<TokenCommandOptions>) => {
    let out = '';
    let err = '';
    const code = await runToken(options({ config: file, ...extra }), { write: (s: string) => (out += s) }, { write: (s: string) => (err += s) });
    return { code, out, err };
  };
  const ok = await run({});
  expect(ok.code).toBe(0);
  expect(ok.out).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
  expect(ok.err).toBe('');

  const refused = await run({ principal: RESTRICTED, alg: 'ES384' });
  expect(refused).toMatchObject({ code: 1, out: '' });
  expect(refused.err).toMatch(/^fedlab token: STS refused \(HTTP 403\): AccessDenied: User: arn:aws:sts::111122223333:assumed-role\/fedlab-restricted\/fedlab-session is not authorized/);

  const usage = await run({ principal: 'arn:aws:iam::111122223333:role/nobody' });
  expect(usage).toMatchObject({ code: 2, out: '' });
  expect(usage.err).toMatch(/^fedlab token: no principal/);
  rmSync(dir, { recursive: true, force: true });
});
