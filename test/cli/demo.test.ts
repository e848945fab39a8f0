import { EXCHANGE_CHECKS } from '../../src/entra/exchange/pipeline.js';
import { runCli } from '../helpers/run-cli.js';
import { defaultConfigObject, tempDir, withFreePorts, writeConfig } from '../helpers/temp-config.js';

// No urls file in a fresh state dir: the demo starts its own fedlab in-process.
const stateDir = tempDir();

test('fedlab demo --json walks from the AWS token to the Key Vault secret', async () => {
  const result = await runCli(['demo', '--json', '--state-dir', stateDir], {}, 60_000);
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report.ok).toBe(true);
  expect(report.steps.map((s: { id: string }) => s.id)).toEqual(['aws-token', 'aws-claims', 'issuer-discovery', 'entra-exchange', 'entra-checks', 'entra-claims', 'vault-secret']);
  const [token, claims, discovery, , checks, entraClaims, secret] = report.steps;
  expect(token.details.request).toEqual({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', DurationSeconds: 300 });
  expect(claims.details.claims.sub).toBe('arn:aws:iam::111122223333:role/fedlab-workload');
  expect(claims.details.claims['https://sts.amazonaws.com/'].aws_account).toBe('111122223333');
  expect(discovery.details.kid).toBe('RSA_0');
  expect(checks.details.trace.every((r: { outcome: string }) => r.outcome === 'passed')).toBe(true);
  expect(checks.details.trace.map((r: { check: string }) => r.check)).toContain('federated-credential');
  expect(entraClaims.details.claims).toMatchObject({ aud: 'https://vault.azure.net', oid: '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910', appidacr: '2' });
  expect(secret.details).toMatchObject({ name: 'demo-secret', value: 'hello from Azure, fetched with no long-lived secret' });
});

test('fedlab demo with a principal that no federated credential trusts stops at the FIC check and exits non-zero', async () => {
  const result = await runCli(['demo', '--json', '--state-dir', stateDir, '--principal', 'arn:aws:iam::111122223333:role/fedlab-session'], {}, 60_000);
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout);
  expect(report.ok).toBe(false);
  const exchange = report.steps.find((s: { id: string }) => s.id === 'entra-exchange');
  expect(exchange.ok).toBe(false);
  expect(exchange.error.message).toMatch(/AADSTS700213/);
  const checks = report.steps.find((s: { id: string }) => s.id === 'entra-checks');
  expect(checks.error).toMatchObject({ failedCheck: 'federated-credential', code: expect.stringMatching(/700213/) });
  expect(report.steps.some((s: { id: string }) => s.id === 'vault-secret')).toBe(false);
});

test('fedlab demo text output names each step', async () => {
  const result = await runCli(['demo', '--state-dir', stateDir, '--alg', 'ES384'], {}, 60_000);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('AWS STS GetWebIdentityToken');
  expect(result.stdout).toContain(`all ${EXCHANGE_CHECKS.length} checks passed`);
  expect(result.stdout).toContain("secret 'demo-secret'");
  expect(result.stdout).not.toMatch(/\u001b\[/); // piped: no colour codes
  // The AWS SDK's Node-version notice is about fedlab's dependency pins, not the demo's reader.
  expect(result.stderr).not.toContain('NodeVersionSupportWarning');
});

describe('a failing demo names what to change', () => {
  const failed = (report: { steps: { ok: boolean; hint?: string }[] }) => report.steps.find((s) => !s.ok)!;

  test('a role no federated credential names: the application key path and the credential to add', async () => {
    const result = await runCli(['demo', '--json', '--state-dir', stateDir, '--principal', 'arn:aws:iam::111122223333:role/fedlab-session'], {}, 60_000);
    const hint = failed(JSON.parse(result.stdout)).hint;
    expect(hint).toContain('entra.tenants[0].applications[0].federatedIdentityCredentials');
    expect(hint).toContain('arn:aws:iam::111122223333:role/fedlab-session');
  });

  test('an unknown --client-id: the tenant whose applications to pick from', async () => {
    const result = await runCli(['demo', '--json', '--state-dir', stateDir, '--client-id', '00000000-0000-4000-8000-000000000099'], {}, 60_000);
    expect(result.code).toBe(1);
    expect(failed(JSON.parse(result.stdout))).toMatchObject({ id: 'entra-exchange', hint: expect.stringContaining('use an appId from entra.tenants[0].applications') });
  });

  test('outbound federation disabled in the config: the setting to change, in the text output', async () => {
    const config = defaultConfigObject();
    config.aws.accounts[0].outboundFederation = 'disabled';
    const file = writeConfig(tempDir(), withFreePorts(config));
    const result = await runCli(['demo', '--config', file, '--state-dir', tempDir()], {}, 60_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('OutboundWebIdentityFederationDisabledException');
    expect(result.stdout).toContain('fix: outbound federation is off for account 111122223333: set aws.accounts[0].outboundFederation: enabled');
  });

  const runWith = async (change: (config: Record<string, any>) => void) => {
    const config = defaultConfigObject();
    change(config);
    const result = await runCli(['demo', '--json', '--config', writeConfig(tempDir(), withFreePorts(config)), '--state-dir', tempDir()], {}, 60_000);
    expect(result.code).toBe(1);
    return JSON.parse(result.stdout).steps.find((s: { ok: boolean }) => !s.ok) as { id: string; hint?: string; error: { message: string } };
  };

  test('a flexible credential on the AWS issuer: refused at start, naming the key path (Graph would never have created it)', async () => {
    const config = defaultConfigObject();
    const fic = config.entra.tenants[0].applications[0].federatedIdentityCredentials[0];
    fic.claimsMatchingExpression = `claims['sub'] eq '${fic.subject}'`;
    fic.subject = null;
    const result = await runCli(['demo', '--json', '--config', writeConfig(tempDir(), withFreePorts(config)), '--state-dir', tempDir()], {}, 60_000);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('entra.tenants[0].applications[0].federatedIdentityCredentials[0].claimsMatchingExpression: expressions are evaluated only for GitHub Actions, GitLab and Terraform Cloud issuers, not aws:111122223333');
  });

  test('the same credential with entra.extendedClaimsExpressions: the extension lets it through, and the demo works', async () => {
    const config = defaultConfigObject();
    config.entra.extendedClaimsExpressions = true;
    const fic = config.entra.tenants[0].applications[0].federatedIdentityCredentials[0];
    fic.claimsMatchingExpression = `claims['sub'] eq '${fic.subject}'`;
    fic.subject = null;
    const result = await runCli(['demo', '--json', '--config', writeConfig(tempDir(), withFreePorts(config)), '--state-dir', tempDir()], {}, 60_000);
    expect(result.code).toBe(0);
  });

  test('workload identity federation disabled for the tenant (AADSTS700223): the tenant policy key', async () => {
    const step = await runWith((c) => (c.entra.tenants[0].tenantPolicy = { workloadIdentityFederation: 'disabled' }));
    expect(step.error.message).toMatch(/AADSTS700223:/);
    expect(step.hint).toContain('set entra.tenants[0].tenantPolicy.workloadIdentityFederation: enabled');
  });

  test('a Conditional Access policy blocking every service principal (AADSTS53003): what to exclude', async () => {
    const step = await runWith((c) => (c.entra.tenants[0].tenantPolicy = { conditionalAccessPolicies: [{ displayName: 'Block all workloads', servicePrincipals: 'All' }] }));
    expect(step.error.message).toMatch(/AADSTS53003:/);
    expect(step.hint).toContain('in entra.tenants[0].tenantPolicy.conditionalAccessPolicies');
  });
});
