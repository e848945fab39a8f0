import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { AUDIENCE, expectGraphError, graphFetch, secretToken } from './support.js';

let fedlab: Fedlab;
let token: string;
let issuer: string;
beforeAll(async () => {
  fedlab = await startFedlab({ ports: 'auto' });
  token = await secretToken(fedlab);
  issuer = fedlab.urls.aws.issuers['111122223333']!;
});
afterAll(async () => {
  await fedlab?.close();
});

async function newApplication(displayName: string): Promise<string> {
  const { status, body } = await graphFetch(fedlab, 'POST', '/applications', { token, body: { displayName } });
  expect(status).toBe(201);
  return body.id as string;
}

const valid = (overrides: Record<string, unknown> = {}) => ({ name: 'valid-name_01', issuer: 'https://issuer.example', subject: 'subject-1', audiences: [AUDIENCE], ...overrides });
// Flexible credentials (claimsMatchingExpression) are a Graph beta property, as in Microsoft Graph.
const post = (appId: string, body: any) => graphFetch(fedlab, 'POST', `/applications/${appId}/federatedIdentityCredentials`, { token, body, version: typeof body === 'object' && body !== null && 'claimsMatchingExpression' in body ? 'beta' : 'v1.0' });
const invalid = (property: string) => `Invalid value specified for property '${property}' of resource 'FederatedIdentityCredential'.`;

describe('one credential on its own', () => {
  let app: string;
  beforeAll(async () => {
    app = await newApplication('validation-single');
  });

  test.each([
    ['a 2-character name', valid({ name: 'ab' }), 'name'],
    ['a 121-character name', valid({ name: 'a'.repeat(121) }), 'name'],
    ['a name with a space', valid({ name: 'has space' }), 'name'],
    ['a name with a slash', valid({ name: 'a/b/c' }), 'name'],
    ['a name starting with a dash', valid({ name: '-leading' }), 'name'],
    ['a 601-character issuer', valid({ issuer: `https://${'i'.repeat(593)}` }), 'issuer'],
    ['an empty issuer', valid({ issuer: '' }), 'issuer'],
    ['a 601-character subject', valid({ subject: 's'.repeat(601) }), 'subject'],
    ['a 601-character description', valid({ description: 'd'.repeat(601) }), 'description'],
    ['no audience', valid({ audiences: [] }), 'audiences'],
    ['two audiences', valid({ audiences: [AUDIENCE, 'api://other'] }), 'audiences'],
    ['a 601-character audience', valid({ audiences: ['a'.repeat(601)] }), 'audiences'],
    ['subject null without claimsMatchingExpression', valid({ subject: null }), 'subject'],
    ['subject and claimsMatchingExpression both set', valid({ claimsMatchingExpression: { value: "claims['sub'] eq 'x'", languageVersion: 1 } }), 'subject'],
    ['an expression that does not parse', valid({ subject: null, claimsMatchingExpression: { value: "claims['sub'] equals 'x'", languageVersion: 1 } }), 'claimsMatchingExpression'],
    ['an expression of another language version', valid({ subject: null, claimsMatchingExpression: { value: "claims['sub'] eq 'x'", languageVersion: 2 } }), 'claimsMatchingExpression'],
    ['audiences as a string', valid({ audiences: AUDIENCE }), 'audiences'],
    ['a numeric subject', valid({ subject: 42 }), 'subject'],
    ['no name', (({ name: _n, ...rest }) => rest)(valid()), 'name'],
    ['no issuer', (({ issuer: _i, ...rest }) => rest)(valid()), 'issuer'],
    ['no audiences', (({ audiences: _a, ...rest }) => rest)(valid()), 'audiences'],
  ])('%s: 400 Request_BadRequest naming the property', async (_what, body, property) => {
    const response = await post(app, body);
    expectGraphError(response, 400, 'Request_BadRequest', invalid(property));
    expect(response.body.error.innerError.fedlabDetail).toEqual(expect.any(String));
  });

  test('the limits themselves are accepted: 3- and 120-character names, 600-character values', async () => {
    for (const name of ['abc', 'n'.repeat(120)]) {
      expect((await post(app, valid({ name, subject: `subject-${name.length}` }))).status).toBe(201);
    }
    const long = await post(app, valid({ name: 'long-values', issuer: `https://${'i'.repeat(592)}`, subject: 's'.repeat(600), description: 'd'.repeat(600), audiences: ['a'.repeat(600)] }));
    expect(long.status).toBe(201);
    const flexible = await post(app, valid({ name: 'flexible', issuer: 'https://token.actions.githubusercontent.com', subject: null, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*'", languageVersion: 1 } }));
    expect(flexible.status).toBe(201);
    expect(flexible.body).toMatchObject({ subject: null, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*'", languageVersion: 1 } });
  });

  test('an unknown property: 400 naming it; a body that is not JSON: 400 BadRequest', async () => {
    expectGraphError(
      await post(app, valid({ colour: 'blue' })),
      400,
      'BadRequest',
      "The property 'colour' does not exist on type 'microsoft.graph.federatedIdentityCredential'. Make sure to only use property names that are defined by the type.",
      'request-body',
    );
    expectGraphError(await post(app, '{"name": '), 400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.', 'request-body');
    expectGraphError(await post(app, '[1,2]'), 400, 'BadRequest', /^Unable to read JSON request payload/, 'request-body');
  });
});

describe('credentials of one application together', () => {
  test('(issuer, subject) is unique per application: 400 InvalidFederatedIdentityCredentialValue', async () => {
    const app = await newApplication('validation-unique');
    expect((await post(app, valid({ name: 'first', issuer, subject: 'the-subject' }))).status).toBe(201);
    const duplicate = await post(app, valid({ name: 'second', issuer, subject: 'the-subject' }));
    expectGraphError(
      duplicate,
      400,
      'InvalidFederatedIdentityCredentialValue',
      `The combination of issuer and subject must be unique for the application. Issuer ${issuer} and Subject: the-subject already exist. paramName: FederatedIdentityCredential.Subject, paramValue: the-subject, objectType: Microsoft.Online.DirectoryServices.Application`,
      'credential-rules',
    );
    // The same pair under another application is fine.
    const other = await newApplication('validation-unique-other');
    expect((await post(other, valid({ name: 'second', issuer, subject: 'the-subject' }))).status).toBe(201);
    // A PATCH that would create the duplicate is refused as well.
    expect((await post(app, valid({ name: 'third', issuer, subject: 'another-subject' }))).status).toBe(201);
    const patch = await graphFetch(fedlab, 'PATCH', `/applications/${app}/federatedIdentityCredentials/third`, { token, body: { subject: 'the-subject' } });
    expectGraphError(patch, 400, 'InvalidFederatedIdentityCredentialValue', /^The combination of issuer and subject must be unique/);
  });

  test('the name is unique per application (not case-sensitive)', async () => {
    const app = await newApplication('validation-names');
    expect((await post(app, valid({ name: 'same-name', subject: 'a' }))).status).toBe(201);
    expectGraphError(await post(app, valid({ name: 'SAME-name', subject: 'b' })), 400, 'Request_BadRequest', 'Another object with the same value for property name already exists.', 'credential-rules');
  });

  test('at most 20 credentials per application', async () => {
    const app = await newApplication('validation-twenty');
    for (let i = 1; i <= 20; i++) expect((await post(app, valid({ name: `credential-${i}`, subject: `subject-${i}` }))).status).toBe(201);
    const twentyFirst = await post(app, valid({ name: 'credential-21', subject: 'subject-21' }));
    expectGraphError(twentyFirst, 400, 'Request_BadRequest', 'The maximum number of 20 federated identity credentials per application has been reached.', 'credential-rules');
    const list = await graphFetch(fedlab, 'GET', `/applications/${app}/federatedIdentityCredentials`, { token });
    expect(list.body.value).toHaveLength(20);
  });
});
