/**
 * One attendee doing the whole federation-101 course the way a person would, with the real SDKs:
 * @aws-sdk/client-iam and client-sts, fetch for discovery and Graph, @azure/identity,
 * @azure/keyvault-secrets. Every call is timed under a named step.
 */
import { ClientAssertionCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { EnableOutboundWebIdentityFederationCommand, GetOutboundWebIdentityFederationInfoCommand, IAMClient } from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { Agent, fetch as undiciFetch } from 'undici';

/** An entry of attendees.json (what the facilitator hands out). */
export interface Handout {
  id: string;
  aws: { endpoint: string; region: string; accountId: string; issuer?: string; principals: { arn: string; accessKeyId: string; secretAccessKey: string }[] };
  entra: { authorityHost: string; tenantId: string; clientId: string; graphAdmin: { clientId: string; clientSecret: string } };
  vault: { url: string };
  console: { url: string };
}

export type Timings = Map<string, number[]>;

const LAB = 'federation-101';
const CONNECTION_DROPPED = /ECONNRESET|socket hang up|other side closed/;
const AUDIENCE = 'api://AzureADTokenExchange';

export function courseDriver(handout: Handout, ca: string, timings: Timings) {
  const dispatcher = new Agent({ connect: { ca } });
  const http = (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => undiciFetch(url, { ...init, dispatcher });
  const record = (step: string, ms: number) => {
    const list = timings.get(step) ?? [];
    list.push(ms);
    timings.set(step, list);
  };
  /**
   * Times a call. A connection dropped under load (a keep-alive socket the listener closed as the
   * client reused it) is retried once, as a person would, and counted apart: it is not a refusal.
   */
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        return await work();
      } catch (error) {
        if (attempt === 1 && CONNECTION_DROPPED.test(String((error as Error).message) + String(((error as Error).cause as Error | undefined)?.message ?? ''))) {
          record('connection dropped, retried', performance.now() - started);
          continue;
        }
        throw error;
      } finally {
        record(step, performance.now() - started);
      }
    }
  };
  const tls = { tlsOptions: { ca } };
  const credentialsOf = (p: number) => ({ accessKeyId: handout.aws.principals[p]!.accessKeyId, secretAccessKey: handout.aws.principals[p]!.secretAccessKey });
  const sts = handout.aws.principals.map((_, p) => new STSClient({ endpoint: handout.aws.endpoint, region: handout.aws.region, credentials: credentialsOf(p), maxAttempts: 1 }));
  const iam = new IAMClient({ endpoint: handout.aws.endpoint, region: handout.aws.region, credentials: credentialsOf(0), maxAttempts: 1 });

  const mint = (options: { principal?: number; audience?: string; alg?: 'RS256' | 'ES384'; duration?: number } = {}) =>
    timed('sts:GetWebIdentityToken', async () => {
      const out = await sts[options.principal ?? 0]!.send(
        new GetWebIdentityTokenCommand({ Audience: [options.audience ?? AUDIENCE], SigningAlgorithm: options.alg ?? 'RS256', ...(options.duration ? { DurationSeconds: options.duration } : {}) }),
      );
      return out.WebIdentityToken!;
    });
  const refusedMint = (options: Parameters<typeof mint>[0]) => mint(options).then(
    () => {
      throw new Error(`${handout.id}: expected STS to refuse ${JSON.stringify(options)}`);
    },
    () => undefined,
  );
  const credential = (assertion: () => Promise<string>) =>
    new ClientAssertionCredential(handout.entra.tenantId, handout.entra.clientId, assertion, { authorityHost: handout.entra.authorityHost, disableInstanceDiscovery: true, ...tls });
  /** A fresh credential each time: msal would otherwise answer from its token cache. */
  const exchange = (expect: 'accepted' | 'refused', assertion: () => Promise<string> = () => mint()) =>
    timed('entra:exchange', () => credential(assertion).getToken('https://vault.azure.net/.default')).then(
      () => {
        if (expect === 'refused') throw new Error(`${handout.id}: expected the exchange to be refused`);
      },
      (error: Error) => {
        // A refusal is Entra's answer with its AADSTS code, nothing else.
        if (expect === 'accepted' || !/AADSTS\d+/.test(error.message)) throw new Error(`${handout.id}: exchange ${expect === 'accepted' ? 'refused' : 'failed'}: ${error.message}`);
      },
    );

  let graphToken: string | undefined;
  const graph = (method: string, path: string, body?: unknown) =>
    timed('graph', async () => {
      graphToken ??= (
        (await (
          await http(`${handout.entra.authorityHost}/${handout.entra.tenantId}/oauth2/v2.0/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ grant_type: 'client_credentials', client_id: handout.entra.graphAdmin.clientId, client_secret: handout.entra.graphAdmin.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
          })
        ).json()) as { access_token: string }
      ).access_token;
      const response = await http(`${handout.entra.authorityHost}/v1.0${path}`, {
        method,
        headers: { authorization: `Bearer ${graphToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (response.status >= 300) throw new Error(`${handout.id}: Graph ${method} ${path} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    });
  const fics = `/applications(appId='${handout.entra.clientId}')/federatedIdentityCredentials`;
  const control = (base: string, path: string, method: string, body?: unknown) =>
    timed('fedlab-control', async () => {
      const response = await http(`${base}/_fedlab${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${handout.id}: ${method} /_fedlab${path} answered ${response.status}: ${text}`);
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    });
  const labs = (method: string, path: string, body?: unknown) =>
    timed('labs-api', async () => {
      const response = await fetch(`${handout.console.url}/api/labs${path}${path.includes('?') ? '&' : '?'}attendee=${handout.id}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      if (response.status !== 200) throw new Error(`${handout.id}: labs API ${method} ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    });
  const answer = (n: number, goal: string, value: string) => labs('POST', `/${LAB}/exercises/${n}/answers`, { goal, value });
  let issuer = '';
  const workload = () => handout.aws.principals[0]!.arn;

  return {
    /** Exercises 1-7, except the expired-token break (the clock is shared: the facilitator's step). */
    async runCourse(): Promise<void> {
      // 1
      await timed('iam', () => iam.send(new EnableOutboundWebIdentityFederationCommand({})));
      issuer = (await timed('iam', () => iam.send(new GetOutboundWebIdentityFederationInfoCommand({})))).IssuerIdentifier!;
      await answer(1, 'issuer', issuer);
      // 2
      const token = await mint();
      await mint({ alg: 'ES384' });
      await answer(2, 'team-tag', 'platform');
      // 3
      const discovery = (await timed('issuer-metadata', async () => (await http(`${issuer}/.well-known/openid-configuration`)).json())) as { jwks_uri: string };
      const { keys } = (await timed('issuer-metadata', async () => (await http(discovery.jwks_uri)).json())) as { keys: JWK[] };
      await answer(3, 'jwks-uri', discovery.jwks_uri);
      await answer(3, 'key-thumbprint', await calculateJwkThumbprint(keys.find((k) => k.kid === decodeProtectedHeader(token).kid)!, 'sha256'));
      // 4
      await exchange('refused');
      await graph('POST', fics, { name: 'aws-lab-workload', issuer, subject: workload(), audiences: [AUDIENCE] });
      await exchange('accepted');
      // 5
      const secret = await timed('vault:getSecret', () =>
        new SecretClient(handout.vault.url, credential(() => mint()), { ...tls, disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } }).getSecret('lab-secret'),
      );
      if (!secret.value) throw new Error(`${handout.id}: empty secret`);
      // 6 (all but the clock)
      await exchange('refused', () => mint({ audience: 'api://AzureADTokenExchnage' }));
      await graph('PATCH', `${fics}/aws-lab-workload`, { subject: workload().replace('lab-workload', 'Lab-Workload') });
      await exchange('refused');
      await graph('PATCH', `${fics}/aws-lab-workload`, { subject: workload(), issuer: `${issuer}/` });
      await exchange('refused');
      await graph('PATCH', `${fics}/aws-lab-workload`, { issuer });
      await control(handout.aws.endpoint, `/accounts/${handout.aws.accountId}/rotate-signing-keys`, 'POST', {});
      await exchange('accepted');
      const fault = await control(handout.aws.endpoint, '/faults', 'POST', { target: 'jwks', accountId: handout.aws.accountId, kind: 'status', status: 503 });
      await control(handout.entra.authorityHost, `/issuer-keys?issuer=${encodeURIComponent(issuer)}`, 'DELETE');
      await exchange('refused');
      await control(handout.aws.endpoint, `/faults/${String(fault.id)}`, 'DELETE');
      await exchange('accepted');
      // 7: `fedlab lab reset 7` first (it deletes the credentials of exercises 4-6)
      await labs('POST', `/${LAB}/exercises/7/reset`);
      await refusedMint({ principal: 1, audience: 'https://example.com' });
      await refusedMint({ principal: 1, duration: 3600 });
      // Who minted this token? (page 09): a session of lab-session mints; CloudTrail names the session's role.
      const sessionRole = `arn:aws:iam::${handout.aws.accountId}:role/lab-session`;
      const assumed = await timed('sts:AssumeRole', () => sts[0]!.send(new AssumeRoleCommand({ RoleArn: sessionRole, RoleSessionName: handout.id })));
      const sessionKeys = assumed.Credentials!;
      const session = new STSClient({ endpoint: handout.aws.endpoint, region: handout.aws.region, credentials: { accessKeyId: sessionKeys.AccessKeyId!, secretAccessKey: sessionKeys.SecretAccessKey!, sessionToken: sessionKeys.SessionToken! }, maxAttempts: 1 });
      const minted = await timed('sts:GetWebIdentityToken', () => session.send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256' }))).finally(() => session.destroy());
      const chained = await timed('sts:AssumeRole', () => sts[0]!.send(new AssumeRoleCommand({ RoleArn: sessionRole, RoleSessionName: `${handout.id}-long`, DurationSeconds: 7200 }))).then(() => 'accepted', () => 'refused');
      if (chained !== 'refused') throw new Error(`${handout.id}: expected STS to refuse a 7200 s chained session`);
      const trail = new CloudTrailClient({ endpoint: handout.aws.endpoint, region: handout.aws.region, credentials: credentialsOf(0), maxAttempts: 1 });
      const found = await timed('cloudtrail:LookupEvents', () => trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetWebIdentityToken' }] }))).finally(() => trail.destroy());
      const jti = decodeJwt(minted.WebIdentityToken!).jti;
      const record = found.Events!.map((e) => JSON.parse(e.CloudTrailEvent!) as { responseElements?: { webIdentityTokenId?: string }; userIdentity?: { sessionContext?: { sessionIssuer?: { userName?: string } } } }).find((e) => e.responseElements?.webIdentityTokenId === jti);
      const status = (await labs('GET', '/status')) as { labs: { exercises: { n: number; id: string }[] }[] };
      const n = status.labs[0]!.exercises.find((e) => e.id === 'who-minted')!.n;
      await answer(n, 'session-issuer', record?.userIdentity?.sessionContext?.sessionIssuer?.userName ?? '(not found)');
    },
    /** A 60-second token, minted before the facilitator moves the clock. */
    shortLivedToken: async () => {
      // `lab reset 7` deleted the credential: the expired token must fail at the clock, not at the trust.
      await graph('POST', fics, { name: 'aws-lab-workload', issuer, subject: workload(), audiences: [AUDIENCE] }).catch(() => undefined);
      return mint({ duration: 60 });
    },
    /** With the clock moved: the old token is refused (AADSTS700024). */
    presentExpired: (token: string) => exchange('refused', async () => token),
    status: () => labs('GET', '/status'),
    close() {
      sts.forEach((c) => c.destroy());
      iam.destroy();
      void dispatcher.close();
    },
  };
}
