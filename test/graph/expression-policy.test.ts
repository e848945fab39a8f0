import type { Client, GraphError } from '@microsoft/microsoft-graph-client';
import type { FedlabEvent } from '../../src/core/events.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { AUDIENCE, fixtureConfig, graphClient, WORKLOAD_APP_ID, WORKLOAD_ARN } from './support.js';

/**
 * Graph refuses, when a flexible credential is written, an expression its issuer may not have:
 * an issuer Entra evaluates no expressions for, or a claim off the issuer's list
 * (https://github.com/hashicorp/terraform-provider-azuread/issues/1901). Through the real
 * @microsoft/microsoft-graph-client on Graph beta, where claimsMatchingExpression exists.
 */
const GITHUB = 'https://token.actions.githubusercontent.com';
const CREDENTIALS = `/applications(appId='${WORKLOAD_APP_ID}')/federatedIdentityCredentials`;
const refusal = (issuer: string, value: string) =>
  `The FederatedIdentityCredential.ClaimsMatchingExpression.Value is invalid. Rule exception: Expression configured for issuer '${issuer}' either lacks all required claims or contains unallowed claims. paramName: FederatedIdentityCredential.ClaimsMatchingExpression.Value, paramValue: ${value}, objectType: Microsoft.Online.DirectoryServices.Application`;
const flexible = (name: string, issuer: string, value: string) => ({ name, issuer, audiences: [AUDIENCE], claimsMatchingExpression: { value, languageVersion: 1 } });

let fedlab: Fedlab;
let graph: Client;
let awsIssuer: string;
const events: FedlabEvent[] = [];
beforeAll(async () => {
  fedlab = await startFedlab({ ports: 'auto' });
  fedlab.events.subscribe((e) => events.push(e));
  graph = graphClient(fedlab);
  awsIssuer = fedlab.urls.aws.issuers['111122223333']!;
});
afterAll(async () => {
  await fedlab?.close();
});

const beta = (path: string) => graph.api(path).version('beta');
const refused = (request: Promise<unknown>) =>
  request.then(
    () => {
      throw new Error('Graph accepted the credential');
    },
    (error: GraphError) => error,
  );
const names = async () => ((await beta(CREDENTIALS).get()) as { value: { name: string }[] }).value.map((c) => c.name);

test('an expression on the AWS issuer: 400 InvalidFederatedIdentityCredentialValue at claims-expression-policy, nothing created', async () => {
  const value = `claims['sub'] matches 'arn:aws:iam::111122223333:role/*'`;
  const error = await refused(beta(CREDENTIALS).post(flexible('aws-any-role', awsIssuer, value)));
  expect(error).toMatchObject({ statusCode: 400, code: 'InvalidFederatedIdentityCredentialValue', message: refusal(awsIssuer, value) });
  expect(error.headers?.get('x-fedlab-failed-check')).toBe('claims-expression-policy');
  expect(await names()).not.toContain('aws-any-role');
  expect(events.filter((e) => e.type === 'fic-rejected').at(-1)).toMatchObject({ party: 'entra', appId: WORKLOAD_APP_ID, failedCheck: 'claims-expression-policy', code: 'InvalidFederatedIdentityCredentialValue', credential: { name: 'aws-any-role', issuer: awsIssuer }, detail: expect.stringContaining('evaluated only for GitHub Actions, GitLab and Terraform Cloud issuers') });
  expect(events.some((e) => e.type === 'fic-created' && (e.credential as { name: string }).name === 'aws-any-role')).toBe(false);
});

test("a GitHub expression reading a claim Entra does not allow for GitHub (repository): refused the same way", async () => {
  const value = "claims['repository'] eq 'contoso/payments-api'";
  const error = await refused(beta(CREDENTIALS).post(flexible('by-repository', GITHUB, value)));
  expect(error).toMatchObject({ statusCode: 400, code: 'InvalidFederatedIdentityCredentialValue', message: refusal(GITHUB, value) });
  expect(error.headers?.get('x-fedlab-failed-check')).toBe('claims-expression-policy');
  expect(await names()).not.toContain('by-repository');
});

test('GitHub expressions over sub and job_workflow_ref are created; a PATCH to a forbidden claim is refused and changes nothing', async () => {
  const value = "claims['job_workflow_ref'] matches 'contoso/payments-api/.github/workflows/deploy.yml@*' and claims['sub'] matches 'repo:contoso/payments-api:*'";
  const created = (await beta(CREDENTIALS).post(flexible('deploy-workflow', GITHUB, value))) as { id: string; subject: string | null; claimsMatchingExpression: { value: string } };
  expect(created).toMatchObject({ subject: null, claimsMatchingExpression: { value } });
  const error = await refused(beta(`${CREDENTIALS}/${created.id}`).patch({ claimsMatchingExpression: { value: "claims['actor'] eq 'octocat'", languageVersion: 1 } }));
  expect(error).toMatchObject({ statusCode: 400, code: 'InvalidFederatedIdentityCredentialValue', message: refusal(GITHUB, "claims['actor'] eq 'octocat'") });
  expect(await beta(`${CREDENTIALS}/${created.id}`).get()).toMatchObject({ claimsMatchingExpression: { value } });
});

test('with entra.extendedClaimsExpressions (a fedlab extension) the AWS expression is written, as the exchange then takes it', async () => {
  const config = fixtureConfig();
  config.entra.extendedClaimsExpressions = true;
  const extended = await startFedlab({ config, ports: 'auto' });
  try {
    const client = graphClient(extended);
    const issuer = extended.urls.aws.issuers['111122223333']!;
    const value = `claims['sub'] eq '${WORKLOAD_ARN}'`;
    const created = (await client.api(CREDENTIALS).version('beta').post(flexible('aws-by-expression', issuer, value))) as { claimsMatchingExpression: { value: string } };
    expect(created.claimsMatchingExpression.value).toBe(value);
  } finally {
    await extended.close();
  }
});
