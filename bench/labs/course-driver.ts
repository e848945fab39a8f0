/**
 * One attendee doing the whole federation-101 course the way a person would, with the real SDKs:
 * @aws-sdk/client-iam, client-sts and client-cloudtrail, fetch for discovery and Graph,
 * @azure/identity, @azure/keyvault-secrets. Every call is timed under a named step.
 *
 * The course is the lab definition as written: its exercises in order, each one's goals checked
 * after its steps (an exercise the driver has no steps for, or a goal that did not tick, stops the
 * attendee with an error naming them). Where a page gives the commands (exercise 7's `aws` blocks,
 * exercise 8's credential files, `fedlab lab reset N`), the driver runs those. The room runs with
 * fedlab's proxy (exercise 10): the clouds' real names go through it, fedlab's listeners stay direct.
 */
import { ClientAssertionCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { EnableOutboundWebIdentityFederationCommand, GetOutboundWebIdentityFederationInfoCommand, IAMClient } from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleCommand, GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import { Agent, fetch as undiciFetch } from 'undici';
import { createProxyAgent, createProxyFetch } from 'fedlab';
import { principalName, type CoursePlan } from './course-plan.js';
import { CLOCK_BACK, CLOCK_FORWARD, facilitatorBlock, type Facilitator } from './facilitator.js';
import { awsBlocks, resetsOnPage } from './page-script.js';
import { runAwsBlock } from './run-aws-block.js';

/** An entry of attendees.json (what the facilitator hands out). */
export interface Handout {
  id: string;
  aws: { endpoint: string; region: string; accountId: string; issuer?: string; principals: { arn: string; accessKeyId: string; secretAccessKey: string }[] };
  entra: { authorityHost: string; tenantId: string; clientId: string; graphAdmin: { clientId: string; clientSecret: string }; managedIdentity?: { name: string; clientId: string; principalId: string } };
  vault: { url: string; name: string };
  rbacVault?: { url: string; name: string };
  console: { url: string };
  github?: { issuer: string; jobs: Record<string, { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string }> };
}

export type Timings = Map<string, number[]>;

const CONNECTION_DROPPED = /ECONNRESET|socket hang up|other side closed/;
const AUDIENCE = 'api://AzureADTokenExchange';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `proxyUrl`: fedlab's forward proxy (the room's urls.json `proxy.url`), for the clouds' real names. */
export function courseDriver(handout: Handout, ca: string, timings: Timings, plan: CoursePlan, facilitator: Facilitator, proxyUrl?: string) {
  const LAB = plan.labId;
  const dispatcher = new Agent({ connect: { ca } });
  const proxied = proxyUrl ? createProxyFetch(proxyUrl, ca) : undefined;
  // As NO_PROXY=loopback does for a program: fedlab's listeners direct, anything else through the proxy.
  const http = (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    proxied && !LOOPBACK.has(new URL(url).hostname) ? (proxied(url, init) as unknown as ReturnType<typeof undiciFetch>) : undiciFetch(url, { ...init, dispatcher });
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
  const credential = (assertion: () => Promise<string>, clientId = handout.entra.clientId) =>
    new ClientAssertionCredential(handout.entra.tenantId, clientId, assertion, { authorityHost: handout.entra.authorityHost, disableInstanceDiscovery: true, ...tls });
  /** A fresh credential each time: msal would otherwise answer from its token cache. `code`: the AADSTS code the refusal must carry. */
  const exchange = (expect: 'accepted' | 'refused', assertion: () => Promise<string> = () => mint(), code?: string) =>
    timed('entra:exchange', () => credential(assertion).getToken('https://vault.azure.net/.default')).then(
      () => {
        if (expect === 'refused') throw new Error(`${handout.id}: expected the exchange to be refused${code ? ` (AADSTS${code})` : ''}`);
      },
      (error: Error) => {
        // A refusal is Entra's answer with its AADSTS code, nothing else.
        const refusal = new RegExp(`AADSTS${code ?? '\\d+'}\\b`);
        if (expect === 'accepted' || !refusal.test(error.message)) throw new Error(`${handout.id}: exchange ${expect === 'accepted' ? 'refused' : `not refused with AADSTS${code ?? '<code>'}`}: ${error.message}`);
      },
    );

  const graphTokens = new Map<string, string>();
  /** `hosts`: fedlab's Entra listener (default), or the real names through the proxy (exercise 10). */
  const graph = (method: string, path: string, body?: unknown, version: 'v1.0' | 'beta' = 'v1.0', hosts = { authority: handout.entra.authorityHost, graph: handout.entra.authorityHost }) =>
    timed('graph', async () => {
      const token = async () => {
        const response = await http(`${hosts.authority}/${handout.entra.tenantId}/oauth2/v2.0/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: handout.entra.graphAdmin.clientId, client_secret: handout.entra.graphAdmin.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
        });
        return ((await response.json()) as { access_token: string }).access_token;
      };
      const graphToken = graphTokens.get(hosts.authority) ?? (await token());
      graphTokens.set(hosts.authority, graphToken);
      const response = await http(`${hosts.graph}/${version}${path}`, {
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
    // Timed per kind (status, reset, answers): they cost the server very different work.
    timed(`labs-api ${method} ${path.split('?')[0]!.split('/').pop()}`, async () => {
      const response = await fetch(`${handout.console.url}/api/labs${path}${path.includes('?') ? '&' : '?'}attendee=${handout.id}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      if (response.status !== 200) throw new Error(`${handout.id}: labs API ${method} ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    });
  const answer = (n: number, goal: string, value: string) => labs('POST', `/${LAB}/exercises/${n}/answers`, { goal, value });
  let issuer = '';
  const principalIndex = (name: string) => {
    const i = handout.aws.principals.findIndex((p) => principalName(p.arn) === name);
    if (i < 0) throw new Error(`${handout.id}: attendees.json has no principal ${name}`);
    return i;
  };
  const workload = () => handout.aws.principals[0]!.arn;
  const jobToken = async (job: string) => {
    const env = handout.github?.jobs[job];
    if (!env) throw new Error(`${handout.id}: attendees.json has no GitHub job ${job}`);
    return timed('github:id-token', async () => {
      const response = await http(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${AUDIENCE}`, { headers: { authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } });
      if (response.status !== 200) throw new Error(`${handout.id}: GitHub job ${job}'s token request answered ${response.status}`);
      return ((await response.json()) as { value: string }).value;
    });
  };

  /** Each exercise's steps, by the exercise's id in the lab definition. */
  const EXERCISES: Record<string, (exercise: CoursePlan['exercises'][number]) => Promise<void>> = {
    'enable-federation': async () => {
      await timed('iam', () => iam.send(new EnableOutboundWebIdentityFederationCommand({})));
      issuer = (await timed('iam', () => iam.send(new GetOutboundWebIdentityFederationInfoCommand({})))).IssuerIdentifier!;
      await answer(1, 'issuer', issuer);
    },
    'mint-token': async ({ n }) => {
      const token = await mint();
      await mint({ alg: 'ES384' });
      const claims = decodeJwt(token)['https://sts.amazonaws.com/'] as { principal_tags?: Record<string, string> };
      await answer(n, 'team-tag', claims.principal_tags?.team ?? '(no team tag)');
    },
    'verify-by-hand': async ({ n }) => {
      const token = await mint();
      const discovery = (await timed('issuer-metadata', async () => (await http(`${issuer}/.well-known/openid-configuration`)).json())) as { jwks_uri: string };
      const { keys } = (await timed('issuer-metadata', async () => (await http(discovery.jwks_uri)).json())) as { keys: JWK[] };
      await answer(n, 'jwks-uri', discovery.jwks_uri);
      await answer(n, 'key-thumbprint', await calculateJwkThumbprint(keys.find((k) => k.kid === decodeProtectedHeader(token).kid)!, 'sha256'));
    },
    'trust-and-exchange': async () => {
      await exchange('refused');
      await graph('POST', fics, { name: 'aws-lab-workload', issuer, subject: workload(), audiences: [AUDIENCE] });
      await exchange('accepted');
    },
    'read-secret': async () => {
      const secret = await timed('vault:getSecret', () =>
        new SecretClient(handout.vault.url, credential(() => mint()), { ...tls, disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } }).getSecret('lab-secret'),
      );
      if (!secret.value) throw new Error(`${handout.id}: empty secret`);
    },
    'break-and-fix': async () => {
      await exchange('refused', () => mint({ audience: 'api://AzureADTokenExchnage' }), '700212');
      await graph('PATCH', `${fics}/aws-lab-workload`, { subject: workload().replace('lab-workload', 'Lab-Workload') });
      await exchange('refused', undefined, '7002138');
      await graph('PATCH', `${fics}/aws-lab-workload`, { subject: workload(), issuer: `${issuer}/` });
      await exchange('refused', undefined, '700211');
      await graph('PATCH', `${fics}/aws-lab-workload`, { issuer });
      await control(handout.aws.endpoint, `/accounts/${handout.aws.accountId}/rotate-signing-keys`, 'POST', {});
      await exchange('accepted');
      const fault = await control(handout.aws.endpoint, '/faults', 'POST', { target: 'jwks', accountId: handout.aws.accountId, kind: 'status', status: 503 });
      await control(handout.entra.authorityHost, `/issuer-keys?issuer=${encodeURIComponent(issuer)}`, 'DELETE');
      await exchange('refused', undefined, '50166');
      await control(handout.aws.endpoint, `/faults/${String(fault.id)}`, 'DELETE');
      await exchange('accepted');
      // The expired token: the clock is the room's, so the facilitator moves it once for everyone.
      const shortLived = await mint({ duration: 60 });
      await facilitator.at(CLOCK_FORWARD);
      await exchange('refused', async () => shortLived, '700024');
      await facilitator.at(CLOCK_BACK);
    },
    'least-privilege': async ({ id, page }) => {
      // The page's `aws` blocks as written: the attendee's own keys where the page exports the
      // lab's, and the management account's blocks are the facilitator's (once for the room).
      const blocks = awsBlocks(page);
      for (const [i, block] of blocks.entries()) {
        const owner = plan.pageKeys.get(block.accessKeyId ?? '');
        if (!owner) throw new Error(`${handout.id}: exercise ${id}: a block of the page exports keys the lab configuration does not have`);
        const mine = handout.aws.principals.find((p) => principalName(p.arn) === principalName(owner.arn));
        if (!mine) {
          await facilitator.at(facilitatorBlock(id, i));
          continue;
        }
        await runAwsBlock(block, { endpoint: handout.aws.endpoint, region: handout.aws.region, credentials: { accessKeyId: mine.accessKeyId, secretAccessKey: mine.secretAccessKey }, timed, who: handout.id });
      }
    },
    'flexible-credentials': async ({ page }) => {
      // The credential files the page names: the AWS one has YOUR_ISSUER to fill, the other is GitHub's.
      const files = [...new Set(page.match(/labs\/[\w./-]+\.json/g) ?? [])].map((file) => readFileSync(join(plan.root, file), 'utf8'));
      const aws = files.find((f) => f.includes('YOUR_ISSUER'));
      const github = files.find((f) => !f.includes('YOUR_ISSUER'));
      if (!aws || !github) throw new Error(`${handout.id}: the flexible-credentials page names no AWS and GitHub credential files`);
      // Graph refuses an expression on the AWS issuer when it is written.
      const awsRefusal = await graph('POST', fics, JSON.parse(aws.replace('YOUR_ISSUER', issuer)), 'beta').then(() => undefined, (error: Error) => error.message);
      if (!awsRefusal?.includes('answered 400') || !awsRefusal.includes('InvalidFederatedIdentityCredentialValue')) throw new Error(`${handout.id}: expected Graph to refuse the AWS expression (400 InvalidFederatedIdentityCredentialValue), got ${awsRefusal ?? 'a created credential'}`);
      await graph('POST', fics, JSON.parse(github), 'beta');
      await exchange('accepted', () => jobToken('deploy'));
      await exchange('accepted', () => jobToken('release'));
      await exchange('refused', () => jobToken('fork'), '7002131');
    },
    'who-minted': async ({ n }) => {
      // A session of lab-session mints; CloudTrail names the session's role.
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
      await answer(n, 'session-issuer', record?.userIdentity?.sessionContext?.sessionIssuer?.userName ?? '(not found)');
    },
    'production-configuration': async ({ page }) => {
      // Production configuration: no endpoint, authority host or vault override; only the proxy and the CA.
      if (!proxyUrl) throw new Error(`${handout.id}: exercise production-configuration needs the room started with --proxy`);
      const command = /^aws sts get-web-identity-token (.*)$/m.exec(page)?.[1];
      const audience = /--audience (\S+)/.exec(command ?? '')?.[1];
      const region = /--region (\S+)/.exec(command ?? '')?.[1];
      if (!audience || !region) throw new Error(`${handout.id}: the production-configuration page has no \`aws sts get-web-identity-token --audience … --region …\` line`);
      const agent = createProxyAgent(proxyUrl, ca);
      const production = new STSClient({ region, credentials: credentialsOf(0), requestHandler: { httpsAgent: agent }, maxAttempts: 1 });
      try {
        await timed('sts:GetWebIdentityToken (proxy)', () => production.send(new GetWebIdentityTokenCommand({ Audience: [audience], SigningAlgorithm: 'RS256' })));
        await graph('POST', fics, { name: 'aws-production', issuer, subject: workload(), audiences: [AUDIENCE] }, 'v1.0', { authority: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com' });
        const mintForEntra = async () => (await production.send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256' }))).WebIdentityToken!;
        const program = new ClientAssertionCredential(handout.entra.tenantId, handout.entra.clientId, mintForEntra, { agent });
        const secret = await timed('vault:getSecret (proxy)', () => new SecretClient(`https://${handout.vault.name}.vault.azure.net`, program, { agent, retryOptions: { maxRetries: 0 } }).getSecret('lab-secret'));
        if (!secret.value) throw new Error(`${handout.id}: empty secret through the proxy`);
      } finally {
        production.destroy();
        agent.destroy();
      }
    },
    'managed-identity-rbac-vault': async () => {
      const identity = handout.entra.managedIdentity;
      const vault = handout.rbacVault;
      if (!identity || !vault) throw new Error(`${handout.id}: attendees.json has no managed identity or RBAC vault`);
      // The identity's client id where exercise 4 had the application's; one credential, so the
      // second read reuses the token as the page says ("with the same token").
      const asIdentity = credential(() => mint(), identity.clientId);
      await timed('entra:exchange', () => asIdentity.getToken('https://vault.azure.net/.default'));
      const secrets = new SecretClient(vault.url, asIdentity, { ...tls, disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } });
      const refused = await timed('vault:getSecret', () => secrets.getSecret('payments-db-password')).then(
        () => 'read',
        (error: Error) => error.message,
      );
      if (!refused.includes('DeniedWithNoValidRBAC')) throw new Error(`${handout.id}: expected the RBAC vault to refuse the managed identity (ForbiddenByRbac), got: ${refused}`);
      const listing = (await timed('vault:role-assignments', async () => (await http(`${vault.url}/_fedlab/role-assignments`)).json())) as { vault: { id: string } };
      const assigned = await timed('vault:role-assignments', () =>
        http(`${vault.url}/_fedlab/role-assignments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ principalId: identity.principalId, role: 'Key Vault Secrets User', scope: listing.vault.id }) }),
      );
      if (assigned.status !== 201) throw new Error(`${handout.id}: POST /_fedlab/role-assignments answered ${assigned.status}: ${await assigned.text()}`);
      const secret = await timed('vault:getSecret', () => secrets.getSecret('payments-db-password'));
      if (!secret.value) throw new Error(`${handout.id}: empty secret payments-db-password`);
    },
  };

  type StatusGoal = { id: string; done: boolean; hint: string | null };
  const exerciseStatus = async (n: number) => ((await labs('GET', '/status')) as { labs: { id: string; exercises: { n: number; id: string; goals: StatusGoal[] }[] }[] }).labs.find((l) => l.id === LAB)!.exercises[n - 1]!;

  return {
    /** The course in the lab definition's order; stops at the first exercise left undone. */
    async runCourse(): Promise<void> {
      for (const exercise of plan.exercises) {
        const steps = EXERCISES[exercise.id];
        if (!steps) throw new Error(`${handout.id}: exercise ${exercise.n} (${exercise.id}) is in the course, but bench/labs/course-driver.ts has no steps for it`);
        for (const n of resetsOnPage(exercise.page)) await labs('POST', `/${LAB}/exercises/${n}/reset`);
        await steps(exercise);
        const status = await exerciseStatus(exercise.n);
        const open = status.goals.filter((g) => !g.done);
        if (open.length) throw new Error(`${handout.id}: exercise ${exercise.n} (${exercise.id}): goal${open.length > 1 ? 's' : ''} not ticked after its steps: ${open.map((g) => `${g.id} (${g.hint ?? 'no hint'})`).join('; ')}`);
      }
    },
    status: () => labs('GET', '/status'),
    close() {
      sts.forEach((c) => c.destroy());
      iam.destroy();
      void dispatcher.close();
    },
  };
}
