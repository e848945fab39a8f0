import { ConfigError } from '../../src/core/config/config-error.js';
import { validateConfig } from '../../src/core/config/load-config.js';
import { entraConfigSchema, startEntra } from '../../src/entra/index.js';
import { ficCollectionProblems, ficProblems, type FederatedIdentityCredential } from '../../src/entra/directory/fic-rules.js';
import { testPartyContext } from './helpers/party-context.js';
import { testEntraConfig } from './helpers/test-entra.js';

/** The problems validateConfig reports for the test config after a change. */
function problems(change: (config: ReturnType<typeof testEntraConfig>) => void): string[] {
  const config = testEntraConfig();
  change(config);
  try {
    validateConfig(entraConfigSchema, config);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
const fic = (change: (f: any) => void) => (config: ReturnType<typeof testEntraConfig>) => change(config.tenants[0].applications[0].federatedIdentityCredentials[0]);
const FIC_PATH = 'tenants[0].applications[0].federatedIdentityCredentials[0]';

test('the contract shape parses, with defaults filled in', () => {
  const config = validateConfig(entraConfigSchema, testEntraConfig());
  expect(config).toMatchObject({ strict: false, accessTokenLifetimeSeconds: 3599, clockSkewSeconds: 300, externalIssuers: { cacheMaxAgeSeconds: 600, cooldownSeconds: 30 } });
  expect(config.tenants[0]!.applications[0]!.federatedIdentityCredentials[0]!.claimsMatchingExpression).toBeNull();
  expect(config.tenants[0]!.applications[1]!.federatedIdentityCredentials[0]!.claimsMatchingExpression).toMatchObject({ languageVersion: 1 });
});

test('a malformed claims expression is a config error naming the key path and the character position', () => {
  expect(problems(fic((f) => Object.assign(f, { subject: null, claimsMatchingExpression: "claims['sub'] eq 'a' or claims['aud'] eq 'b'" })))).toEqual([
    `${FIC_PATH}.claimsMatchingExpression: claimsMatchingExpression does not parse: expected 'and' or end of expression but found 'or' at position 21`,
  ]);
});

test("Graph's { value, languageVersion } form is accepted too", () => {
  expect(problems(fic((f) => Object.assign(f, { subject: null, claimsMatchingExpression: { value: "claims['sub'] eq 'x'", languageVersion: 1 } })))).toEqual([]);
});

test.each([
  ['a name too short', fic((f) => (f.name = 'ab')), `${FIC_PATH}.name: expected 3-120 URL-friendly characters`],
  ['a name with a space', fic((f) => (f.name = 'aws workload')), `${FIC_PATH}.name: expected 3-120`],
  ['a name starting with a dash', fic((f) => (f.name = '-aws')), `${FIC_PATH}.name: expected 3-120`],
  ['two audiences', fic((f) => f.audiences.push('api://other')), `${FIC_PATH}.audiences: a federated identity credential has exactly one audience, not 2`],
  ['no audience', fic((f) => (f.audiences = [])), `${FIC_PATH}.audiences: a federated identity credential has exactly one audience, not 0`],
  ['neither subject nor expression', fic((f) => (f.subject = null)), `${FIC_PATH}.subject: set subject, or claimsMatchingExpression with subject null`],
  ['both subject and expression', fic((f) => (f.claimsMatchingExpression = "claims['sub'] eq 'x'")), `${FIC_PATH}.subject: subject must be null when claimsMatchingExpression is set`],
  ['an issuer with trailing whitespace', fic((f) => (f.issuer = 'https://issuer.example ')), `${FIC_PATH}.issuer: leading or trailing whitespace`],
  ['a 601-character subject', fic((f) => (f.subject = 'x'.repeat(601))), `${FIC_PATH}.subject: expected 1-600 characters`],
])('%s is refused', (_what, change, expected) => {
  expect(problems(change).some((p) => p.startsWith(expected))).toBe(true);
});

test('(issuer, subject) is unique per application, and so is the name', () => {
  const found = problems((c) => {
    const app = c.tenants[0].applications[0];
    app.federatedIdentityCredentials.push({ ...app.federatedIdentityCredentials[0], name: 'second' }, { ...app.federatedIdentityCredentials[0], subject: 'arn:aws:iam::111122223333:role/x' });
  });
  expect(found).toEqual([
    'tenants[0].applications[0].federatedIdentityCredentials[1].subject: issuer and subject combination already exists for this application (credential 0)',
    "tenants[0].applications[0].federatedIdentityCredentials[2].name: duplicate name 'aws-fedlab-workload' (also credential 0)",
  ]);
});

test('at most 20 credentials per application', () => {
  const found = problems((c) => {
    const app = c.tenants[0].applications[0];
    for (let i = 0; i < 20; i++) app.federatedIdentityCredentials.push({ ...app.federatedIdentityCredentials[0], name: `fic-${i}`, subject: `arn:aws:iam::111122223333:role/r${i}` });
  });
  expect(found).toEqual(['tenants[0].applications[0].federatedIdentityCredentials: at most 20 federated identity credentials per application, not 21']);
});

test('nested claim access needs the extendedClaimsExpressions extension', () => {
  expect(problems((c) => (c.extendedClaimsExpressions = false))).toEqual([
    "tenants[0].applications[1].federatedIdentityCredentials[0].claimsMatchingExpression: nested claim access (claims['a']['b']) is a fedlab extension: set entra.extendedClaimsExpressions: true",
  ]);
});

test("without the extension, a seeded expression Graph would refuse is a config error naming the path", () => {
  const flexible = (issuer: string, value: string) => (c: ReturnType<typeof testEntraConfig>) => {
    c.extendedClaimsExpressions = false;
    c.tenants[0].applications[1].federatedIdentityCredentials[0] = { name: 'flexible', issuer, subject: null, audiences: ['api://AzureADTokenExchange'], claimsMatchingExpression: value } as never;
  };
  const PATH = 'tenants[0].applications[1].federatedIdentityCredentials[0].claimsMatchingExpression';
  expect(problems(flexible('aws:111122223333', "claims['sub'] matches 'arn:aws:iam::*'"))).toEqual([
    `${PATH}: expressions are evaluated only for GitHub Actions, GitLab and Terraform Cloud issuers, not aws:111122223333: Entra refuses such a credential (set entra.extendedClaimsExpressions: true, a fedlab extension)`,
  ]);
  expect(problems(flexible('https://token.actions.githubusercontent.com', "claims['repository'] eq 'contoso/payments-api'"))).toEqual([
    `${PATH}: GitHub Actions expressions may read sub, job_workflow_ref only, not claims['repository']: Entra refuses such a credential (set entra.extendedClaimsExpressions: true, a fedlab extension)`,
  ]);
  expect(problems(flexible('https://token.actions.githubusercontent.com', "claims['job_workflow_ref'] matches 'contoso/payments-api/*'"))).toEqual([]);
  // With the extension on, the same config starts (the exchange evaluates it).
  expect(problems((c) => (flexible('aws:111122223333', "claims['sub'] matches 'arn:aws:iam::*'")(c), (c.extendedClaimsExpressions = true)))).toEqual([]);
});

test('strict mode allows no extension, extendedClaimsExpressions included', () => {
  expect(problems((c) => (c.strict = true))).toEqual(['extendedClaimsExpressions: extendedClaimsExpressions is a fedlab extension; strict: true allows none']);
});

test('unknown keys, bad GUIDs, token versions and grants are named with their paths', () => {
  expect(
    problems((c) => {
      c.tenants[0].colour = 'blue';
      c.tenants[0].applications[0].appId = 'not-a-guid';
      c.tenants[0].resources[0].tokenVersion = 3;
    }),
  ).toEqual([
    'tenants[0].applications[0].appId: expected the application (client) id as a GUID like 8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10',
    'tenants[0].resources[0].tokenVersion: expected tokenVersion 1 or 2',
    "tenants[0]: unknown key 'colour'",
  ]);
  // Cross-references are checked once every value has the right shape.
  expect(
    problems((c) => {
      c.tenants[0].resources[1].grants[0].roles = ['Nope.All'];
      c.tenants[0].resources[2].grants.push({ appId: '99999999-9999-4999-8999-999999999999', roles: [] });
      c.tenants[0].domains.push('FEDLAB.onmicrosoft.com');
    }),
  ).toEqual([
    "tenants[0].domains[1]: duplicate domain 'FEDLAB.onmicrosoft.com' (also at index 0)",
    'tenants[0].resources[1].grants[0].roles[0]: role \'Nope.All\' is not among the resource\'s appRoles',
    'tenants[0].resources[2].grants[1].appId: no application 99999999-9999-4999-8999-999999999999 in tenant 8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10',
  ]);
});

test('the FIC rules work on their own (for an admin API)', () => {
  const credential: FederatedIdentityCredential = { name: 'ok-name', issuer: 'https://issuer.example', subject: 'repo:x', audiences: ['api://AzureADTokenExchange'], claimsMatchingExpression: null };
  expect(ficProblems(credential)).toEqual([]);
  expect(ficCollectionProblems([credential, { ...credential, name: 'other' }])).toEqual([{ path: [1, 'subject'], rule: 'unique-issuer-subject', message: 'issuer and subject combination already exists for this application (credential 0)' }]);
});

test('an aws: issuer naming no account of this fedlab stops the start with the key path', async () => {
  const config = validateConfig(entraConfigSchema, testEntraConfig());
  const error = await startEntra(config, await testPartyContext(), { issuerAliases: { 'aws:444455556666': 'http://127.0.0.1:1/x' } }).catch((e) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect(error.problems[0]).toBe("entra.tenants[0].applications[0].federatedIdentityCredentials[0].issuer: 'aws:111122223333' names no AWS account of this fedlab (expected aws:<12-digit account id> of a configured account)");
});
