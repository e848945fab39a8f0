import { CreateOpenIDConnectProviderCommand, DeleteOpenIDConnectProviderCommand, GetOpenIDConnectProviderCommand, ListOpenIDConnectProvidersCommand } from '@aws-sdk/client-iam';
import { OTHER, sdkError, startTestAws, WORKLOAD, type TestAws } from './support.js';

const GITHUB = 'https://token.actions.githubusercontent.com';

let lab: TestAws;
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].oidcProviders = [{ url: 'https://oidc.example.com/issuer', clientIds: ['sts.amazonaws.com'] }];
  });
});
afterAll(() => lab.close());

test('create, get, list and delete through the real IAM client', async () => {
  const iam = lab.iam(WORKLOAD);
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
  expect((await lab.iam(OTHER).send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList).toEqual([]);
  expect(await sdkError(lab.iam(OTHER).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: created.OpenIDConnectProviderArn })))).toMatchObject({ name: 'NoSuchEntityException', status: 404 });
  await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: created.OpenIDConnectProviderArn }));
  expect(await sdkError(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: created.OpenIDConnectProviderArn })))).toMatchObject({
    name: 'NoSuchEntityException',
    message: `OpenIDConnect Provider not found for arn ${created.OpenIDConnectProviderArn}`,
  });
});

test('bad input: not a URL, a plain-http public URL, a malformed thumbprint', async () => {
  const iam = lab.iam(WORKLOAD);
  expect(await sdkError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'not a url' })))).toMatchObject({ name: 'InvalidInputException', status: 400 });
  expect(await sdkError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'http://oidc.example.net' })))).toMatchObject({ name: 'InvalidInputException' });
  expect(await sdkError(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://oidc.example.net', ThumbprintList: ['abc'] })))).toMatchObject({ name: 'InvalidInputException' });
});
