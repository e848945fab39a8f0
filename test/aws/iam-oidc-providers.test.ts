import { CreateOpenIDConnectProviderCommand, DeleteOpenIDConnectProviderCommand, GetOpenIDConnectProviderCommand, ListOpenIDConnectProvidersCommand } from '@aws-sdk/client-iam';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ADMIN, addIamAdmins, OTHER_ADMIN, rawRequest, sdkError, signedHeaders, startTestAws, WORKLOAD, type TestAws } from './support.js';

const GITHUB = 'https://token.actions.githubusercontent.com';
const GITHUB_ARN = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const CONFIGURED_ARN = 'arn:aws:iam::111122223333:oidc-provider/oidc.example.com/issuer';
const READER = 'arn:aws:iam::111122223333:user/oidc-reader';
const NO_GITHUB = 'arn:aws:iam::111122223333:user/no-github-admin';

let lab: TestAws;
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    addIamAdmins(aws);
    aws.accounts[0].oidcProviders = [{ url: 'https://oidc.example.com/issuer', clientIds: ['sts.amazonaws.com'] }];
    aws.accounts[0].principals.push(
      // May read one provider and list them, nothing else.
      { arn: READER, accessKeyId: 'AKIAEXAMPLEOIDCREAD1', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEOIDCREAD1', inlinePolicies: { ReadOne: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetOpenIDConnectProvider', Resource: CONFIGURED_ARN }, { Effect: 'Allow', Action: 'iam:ListOpenIDConnectProviders', Resource: '*' }] } } },
      // IAM administrator who may create any provider but GitHub's.
      {
        arn: NO_GITHUB,
        accessKeyId: 'AKIAEXAMPLEOIDCNOGH1',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEOIDCNOGH1',
        managedPolicyArns: ['arn:aws:iam::aws:policy/IAMFullAccess'],
        inlinePolicies: { NoGitHub: { Version: '2012-10-17', Statement: [{ Sid: 'NoGitHubProvider', Effect: 'Deny', Action: 'iam:CreateOpenIDConnectProvider', Resource: 'arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com' }] } },
      },
    );
  });
});
afterAll(() => lab.close());

test('create, get, list and delete through the real IAM client', async () => {
  const iam = lab.iam(ADMIN);
  const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: GITHUB, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'] }));
  expect(created.OpenIDConnectProviderArn).toBe('arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com');
  const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: created.OpenIDConnectProviderArn }));
  expect(got).toMatchObject({ Url: 'token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'] });
  expect(got.CreateDate).toBeInstanceOf(Date);
  const listed = await iam.send(new ListOpenIDConnectProvidersCommand({}));
  expect(listed.OpenIDConnectProviderList!.map((p) => p.Arn).sort()).toEqual([
    'arn:aws:iam::111122223333:oidc-provider/oidc.example.com/issuer',
    'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
  ]);
  expect(await sdkError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: GITHUB, ClientIDList: ['x'] })))).toMatchObject({
    name: 'EntityAlreadyExistsException',
    status: 409,
    message: `Provider with url ${GITHUB} already exists.`,
  });
  // Each account sees its own providers only.
  expect((await lab.iam(OTHER_ADMIN).send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toEqual([]);
  expect(await sdkError(lab.iam(OTHER_ADMIN).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: created.OpenIDConnectProviderArn })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: created.OpenIDConnectProviderArn }));
  expect(await sdkError(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: created.OpenIDConnectProviderArn })))).toMatchObject({
    name: 'NoSuchEntityException',
    message: `OpenIDConnect Provider not found for arn ${created.OpenIDConnectProviderArn}`,
  });
});

test('bad input: not a URL, a plain-http public URL, a malformed thumbprint', async () => {
  const iam = lab.iam(ADMIN);
  expect(await sdkError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'not a url' })))).toMatchObject({ name: 'InvalidInputException', status: 400 });
  expect(await sdkError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'http://oidc.example.net' })))).toMatchObject({ name: 'InvalidInputException' });
  expect(await sdkError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://oidc.example.net', ThumbprintList: ['abc'] })))).toMatchObject({ name: 'InvalidInputException' });
});

describe('IAM authorization on the provider APIs', () => {
  const denial = (action: string, resource?: string, caller = 'arn:aws:sts::111122223333:assumed-role/fedlab-workload/fedlab-session') =>
    `User: ${caller} is not authorized to perform: ${action}${resource ? ` on resource: ${resource}` : ''} because no identity-based policy allows the ${action} action`;

  test('a principal without IAM permissions may do none of the four, and learns nothing about which providers exist', async () => {
    const iam = lab.iam(WORKLOAD);
    expect(await sdkError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] })))).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: denial('iam:CreateOpenIDConnectProvider', GITHUB_ARN),
    });
    expect(await sdkError(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: CONFIGURED_ARN })))).toEqual({ name: 'AccessDenied', status: 403, message: denial('iam:GetOpenIDConnectProvider', CONFIGURED_ARN) });
    // An ARN that does not exist is refused the same way: authorization comes before the look-up.
    const absent = 'arn:aws:iam::111122223333:oidc-provider/absent.example.com';
    expect(await sdkError(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: absent })))).toMatchObject({ name: 'AccessDenied', message: denial('iam:GetOpenIDConnectProvider', absent) });
    expect(await sdkError(iam.send(new ListOpenIDConnectProvidersCommand({})))).toEqual({ name: 'AccessDenied', status: 403, message: denial('iam:ListOpenIDConnectProviders') });
    expect(await sdkError(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: CONFIGURED_ARN })))).toMatchObject({ name: 'AccessDenied', message: denial('iam:DeleteOpenIDConnectProvider', CONFIGURED_ARN) });
    // Nothing was created or deleted.
    expect((await lab.iam(ADMIN).send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList!.map((p) => p.Arn)).toEqual([CONFIGURED_ARN]);
  });

  test('resource-level permissions: the reader gets its provider only; an explicit Deny names the identity-based policy', async () => {
    const reader = lab.iam(READER);
    expect((await reader.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: CONFIGURED_ARN }))).Url).toBe('oidc.example.com/issuer');
    expect((await reader.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toEqual([{ Arn: CONFIGURED_ARN }]);
    const other = 'arn:aws:iam::111122223333:oidc-provider/other.example.com';
    expect(await sdkError(reader.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: other })))).toMatchObject({ name: 'AccessDenied', message: denial('iam:GetOpenIDConnectProvider', other, READER) });
    expect(await sdkError(reader.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: CONFIGURED_ARN })))).toMatchObject({ name: 'AccessDenied' });

    const admin = lab.iam(NO_GITHUB);
    expect(await sdkError(admin.send(new CreateOpenIDConnectProviderCommand({ Url: GITHUB, ClientIDList: ['sts.amazonaws.com'] })))).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${NO_GITHUB} is not authorized to perform: iam:CreateOpenIDConnectProvider on resource: ${GITHUB_ARN} with an explicit deny in an identity-based policy`,
    });
    const gitlab = await admin.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://gitlab.example.com', ClientIDList: ['sts.amazonaws.com'] }));
    await admin.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: gitlab.OpenIDConnectProviderArn }));
  });

  test("the refusal is IAM's awsQuery error naming the failed check, and CloudTrail records it", async () => {
    const body = new URLSearchParams({ Action: 'ListOpenIDConnectProviders', Version: '2010-05-08' }).toString();
    const res = await rawRequest(lab.aws.urls.endpoint, { body, headers: await signedHeaders(lab.aws.urls.endpoint, body, lab.credentials(WORKLOAD), { service: 'iam' }) });
    expect(res.status).toBe(403);
    // The evaluator's check that refused: no identity-based policy allows the action.
    expect(res.headers['x-fedlab-failed-check']).toBe('identity-policy');
    expect(res.body).toMatch(/^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
    expect(res.body).toContain('<Type>Sender</Type>');
    expect(res.body).toContain('<Code>AccessDenied</Code>');
    expect(res.body).toContain(`<Message>${denial('iam:ListOpenIDConnectProviders')}</Message>`);

    const trail = new CloudTrailClient({ endpoint: lab.aws.urls.endpoint, region: 'us-east-1', credentials: lab.credentials(WORKLOAD), maxAttempts: 1 });
    try {
      const found = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateOpenIDConnectProvider' }] }));
      const refused = found.Events!.map((e) => JSON.parse(e.CloudTrailEvent!)).find((e) => e.userIdentity.arn === 'arn:aws:sts::111122223333:assumed-role/fedlab-workload/fedlab-session');
      expect(refused).toMatchObject({ eventSource: 'iam.amazonaws.com', errorCode: 'AccessDenied', errorMessage: denial('iam:CreateOpenIDConnectProvider', GITHUB_ARN), requestParameters: { url: GITHUB } });
    } finally {
      trail.destroy();
    }
  });
});
