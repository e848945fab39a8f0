import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { fileURLToPath } from 'node:url';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Fedlab } from 'fedlab';
import { runWithFedlabEnv, startProxiedFedlab } from './support.js';

let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startProxiedFedlab();
});
afterAll(() => fedlab.close());

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
/** Default endpoint resolution, through the proxy: the hosts the SDK picks are recorded. */
function sdkOptions(region: string, hosts: string[]) {
  return { region, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: fedlab.proxyAgent() }) };
}
function recordHosts(client: { middlewareStack: { add: (...args: never[]) => void } }, hosts: string[]) {
  const add = client.middlewareStack.add as unknown as (mw: (next: (a: { request: { hostname: string } }) => unknown) => (a: { request: { hostname: string } }) => unknown, o: object) => void;
  add((next) => (args) => {
    hosts.push(args.request.hostname);
    return next(args);
  }, { step: 'finalizeRequest' });
}

test('CloudTrail LookupEvents at cloudtrail.<region>.amazonaws.com (client-cloudtrail, default endpoint) sees the call made through the proxy', async () => {
  const hosts: string[] = [];
  const sts = new STSClient(sdkOptions('eu-west-1', hosts));
  await sts.send(new GetCallerIdentityCommand({}));
  const trail = new CloudTrailClient(sdkOptions('eu-west-1', hosts));
  recordHosts(trail, hosts);
  const out = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetCallerIdentity' }] }));
  expect(hosts).toContain('cloudtrail.eu-west-1.amazonaws.com');
  expect(out.Events!.length).toBeGreaterThan(0);
  expect(out.Events![0]!.EventSource).toBe('sts.amazonaws.com');
  sts.destroy();
  trail.destroy();
});

test('Organizations (client-organizations, any region) goes to organizations.us-east-1.amazonaws.com and is answered by fedlab in AWS JSON', async () => {
  const hosts: string[] = [];
  const orgs = new OrganizationsClient(sdkOptions('eu-west-1', hosts));
  recordHosts(orgs, hosts);
  const outcome = await orgs.send(new DescribeOrganizationCommand({})).then(
    (out) => ({ ok: true as const, out }),
    (error: Error & { $metadata?: { httpStatusCode?: number }; $response?: { headers: Record<string, string> } }) => ({ ok: false as const, error }),
  );
  expect(hosts).toEqual(['organizations.us-east-1.amazonaws.com']);
  if (outcome.ok) expect(outcome.out.Organization).toBeDefined();
  else {
    // Until fedlab serves Organizations' operations, its JSON 1.1 dispatcher names the operation it lacks, or Organizations' own refusal.
    expect(['UnknownOperationException', 'AWSOrganizationsNotInUseException', 'AccessDeniedException']).toContain(outcome.error.name);
    expect(outcome.error.$response?.headers['x-fedlab-proxy-check']).toBeUndefined();
  }
  orgs.destroy();
});

test('CloudTrail and Organizations FIPS and dual-stack names are routed; other AWS services are refused', async () => {
  for (const host of ['cloudtrail-fips.us-east-1.amazonaws.com', 'cloudtrail.ap-southeast-2.api.aws', 'organizations-fips.us-east-1.amazonaws.com']) {
    const answer = await fedlab.proxyFetch!(`https://${host}/health`);
    expect(answer.status).toBe(200);
  }
  await expect(fedlab.proxyFetch!('https://organizations.eu-west-1.amazonaws.com/health')).rejects.toThrow();
  await expect(fedlab.proxyFetch!('https://s3.us-east-1.amazonaws.com/health')).rejects.toThrow();
});

test('management.azure.com is fedlab\'s ARM: @azure/arm-msi (default endpoint, `fedlab env` only) is answered by its token check, in ARM\'s error envelope', async () => {
  const out = JSON.parse(await runWithFedlabEnv(fedlab, process.execPath, [fileURLToPath(new URL('./programs/arm-msi-get.mjs', import.meta.url))]));
  // The program's token is not one fedlab's Entra issued: ARM refuses it as Azure does.
  expect(out).toMatchObject({ ok: false, statusCode: 401, code: 'InvalidAuthenticationToken' });
  expect(out.url).toMatch(/^https:\/\/management\.azure\.com\/subscriptions\//);
}, 60_000);
