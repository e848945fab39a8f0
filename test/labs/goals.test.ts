import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK } from 'jose';
import { createEventBus, type EventInput } from '../../src/core/events.js';
import { createStateStore } from '../../src/core/state-dir.js';
import type { Attendee } from '../../src/labs/attendee.js';
import { isAnswerGoal } from '../../src/labs/definition.js';
import { createLabsService } from '../../src/labs/labs-service.js';
import { loadLabFile } from '../../src/labs/load-lab.js';
import { runCourseCapturingEvents, type CourseRun } from './helpers/course-events.js';

/**
 * Every goal of federation-101, one row each: the right action ticks it, three plausible wrong
 * actions do not, and neither does the right action done by a `fedlab lab reset`. The events are
 * the ones the parties really emitted while the bench's course driver did the whole course against
 * a lab fedlab (captured once, in beforeAll); a wrong action is a real event of another step of
 * the course, or a real event changed in one field (another attendee, another code, a token fedlab
 * never minted, a signature that did not verify).
 */
const LAB = 'federation-101';
const course = loadLabFile(fileURLToPath(new URL('../../labs/federation-101.lab.yaml', import.meta.url)));
const AUD = 'api://AzureADTokenExchange';
const GITHUB = 'https://token.actions.githubusercontent.com';
const OTHER_ISSUER = 'http://127.0.0.1:9/7b0e1c7e-0000-4000-8000-00000000a002';
/** A second attendee of the room (example identifiers). */
const OTHER: Attendee = {
  id: 'a02',
  accountId: '444455556666',
  region: 'us-east-1',
  principals: [{ arn: 'arn:aws:iam::444455556666:role/lab-workload', accessKeyId: 'AKIAI44QH8DHBEXAMPL2', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKE2' }],
  tenantId: '5e0c2b7a-1f3d-4a6b-8c9d-0e1f2a3b4c52',
  clientId: '6f1d3c8b-2a4e-4b7c-9d0e-1f2a3b4c5d63',
  servicePrincipalId: '7a2e4d9c-3b5f-4c8d-8e1f-2a3b4c5d6e74',
  managedIdentity: { name: 'lab-mi', clientId: '8b3f5e0d-4c6a-4d9e-9f2a-3b4c5d6e7f85', principalId: '9c4a6f1e-5d7b-4e0f-8a3b-4c5d6e7f8a96' },
  rbacVaultName: 'fedlab-lab-rbac-a02',
};

type Ev = EventInput & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Case = { events: Ev[] } | { answer: string } | { duringReset: Ev[] };

let run: CourseRun;
let me: Attendee;
let resetTarget: Server;
/** What the fake AWS endpoint of a reset publishes when the reset calls it (the reset's own doing). */
let publishOnReset: (() => void) | undefined;
/** What an attendee finds by following the pages (the answers' right values). */
const found: Record<string, string> = {};

beforeAll(async () => {
  run = await runCourseCapturingEvents();
  me = run.attendee;
  resetTarget = createServer((_req, res) => {
    publishOnReset?.();
    res.writeHead(200, { 'content-type': 'text/xml' }).end('<EnableOutboundWebIdentityFederationResponse><EnableOutboundWebIdentityFederationResult/></EnableOutboundWebIdentityFederationResponse>');
  });
  await new Promise<void>((resolve) => resetTarget.listen(0, '127.0.0.1', resolve));

  const sts = run.fedlab.stsClient(me.principals[0]!.arn);
  const token = (await sts.send(new GetWebIdentityTokenCommand({ Audience: [AUD], SigningAlgorithm: 'RS256' }))).WebIdentityToken!;
  sts.destroy();
  found.issuer = run.issuer;
  found.team = ((decodeJwt(token)['https://sts.amazonaws.com/'] as { principal_tags: Record<string, string> }).principal_tags.team)!;
  // The issuer has its real form (the course runs with the proxy): reached through the proxy.
  const get = run.fedlab.proxyFetch!;
  const discovery = (await (await get(`${run.issuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
  found.jwksUri = discovery.jwks_uri;
  const { keys } = (await (await get(discovery.jwks_uri)).json()) as { keys: JWK[] };
  found.key = JSON.stringify(keys.find((k) => k.kid === decodeProtectedHeader(token).kid));
  found.thumbprint = await calculateJwkThumbprint(JSON.parse(found.key) as JWK, 'sha256');
  const sessionMint = real('token-minted', (e) => /:role\/lab-session$/.test(e.principal));
  const trail = real('cloudtrail-event', (e) => e.record?.responseElements?.webIdentityTokenId === sessionMint.jti, 'CloudTrail record of the session mint');
  found.sessionIssuer = trail.record.userIdentity.sessionContext.sessionIssuer.userName;
}, 120_000);
afterAll(async () => {
  await run?.fedlab.close();
  await new Promise((resolve) => resetTarget?.close(resolve));
});

// ---- real events of the course, and one-field changes of them ----

/** The first event of the course run of that type that fits; a copy. */
function real(type: string, fits: (e: Ev) => boolean = () => true, what = type): Ev {
  const event = (run.events as Ev[]).find((e) => e.type === type && fits(e));
  if (!event) throw new Error(`the course run published no ${what}`);
  return structuredClone(event);
}
const edit = (event: Ev, change: (e: Ev) => void): Ev => {
  const copy = structuredClone(event);
  change(copy);
  return copy;
};
const mine = (e: Ev) => e.clientId === me.clientId;
const rejected = (code: number) => real('exchange-rejected', (e) => mine(e) && e.code === code, `refusal AADSTS${code}`);
const accepted = (fits: (e: Ev) => boolean = () => true) => real('exchange-accepted', (e) => mine(e) && fits(e), 'accepted exchange');
const minted = (fits: (e: Ev) => boolean) => real('token-minted', fits, 'mint');
/** The token-minted event of the token an exchange presented. */
const mintOf = (exchange: Ev) => minted((m) => m.jti === exchange.assertion?.jti);
/** An exchange with the mint of its token before it. */
const presented = (exchange: Ev) => [mintOf(exchange), exchange];
const byPrincipal = (name: string) => (e: Ev) => e.principal === `arn:aws:iam::${me.accountId}:${name}`;
const stsRefused = (fits: (e: Ev) => boolean) => real('sts-rejected', fits, 'STS refusal');
const scpRefusal = () => stsRefused((e) => e.deniedBy === 'service control policy');
/** Graph's refusal to write the flexible credential on the attendee's AWS issuer. */
const awsExpressionRefused = () => real('fic-rejected', (e) => e.appId === me.clientId && e.failedCheck === 'claims-expression-policy' && e.credential.issuer === run.issuer, "Graph's refusal of the AWS expression");

/** The same events, done in another attendee's account, tenant and application. */
function asOther(events: Ev[]): Ev[] {
  let text = JSON.stringify(events);
  for (const [from, to] of [
    [run.issuer, OTHER_ISSUER],
    [me.accountId, OTHER.accountId],
    [me.tenantId, OTHER.tenantId],
    [me.clientId, OTHER.clientId],
    [me.servicePrincipalId, OTHER.servicePrincipalId],
    [me.managedIdentity!.clientId, OTHER.managedIdentity!.clientId],
    [me.managedIdentity!.principalId, OTHER.managedIdentity!.principalId],
    [me.rbacVaultName!, OTHER.rbacVaultName!],
  ] as const)
    text = text.replace(new RegExp(from.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'gi'), to);
  return JSON.parse(text) as Ev[];
}

const events = (...list: (Ev | Ev[])[]): Case => ({ events: list.flat() });
const answer = (value: string): Case => ({ answer: value });
const other = (...list: (Ev | Ev[])[]): Case => ({ events: asOther(list.flat()) });

// ---- the table: one row per goal ----

interface Row {
  /** `exercise-id/goal-id`. */
  goal: string;
  right: () => Case;
  /** At least three, each named for the mistake it is. */
  wrong: Record<string, () => Case>;
}

const ROWS: Row[] = [
  // 1. enable-federation
  {
    goal: 'enable-federation/enabled',
    right: () => events(real('federation-enabled')),
    wrong: {
      'another attendee enabled theirs': () => other(real('federation-enabled')),
      'federation switched off': () => events(edit(real('federation-enabled'), (e) => (e.type = 'federation-disabled'))),
      'the enable call refused (already on)': () => events(real('iam-rejected', (e) => e.action === 'EnableOutboundWebIdentityFederation')),
    },
  },
  {
    goal: 'enable-federation/issuer',
    right: () => answer(found.issuer!),
    wrong: {
      'with a trailing slash': () => answer(`${found.issuer}/`),
      'the other scheme': () => answer(otherScheme(found.issuer!)),
      'the discovery document URL': () => answer(`${found.issuer}/.well-known/openid-configuration`),
    },
  },
  // 2. mint-token
  {
    goal: 'mint-token/rs256',
    right: () => events(minted((e) => byPrincipal('role/lab-workload')(e) && e.alg === 'RS256' && e.audiences[0] === AUD)),
    wrong: {
      'minted by lab-restricted': () => events(minted((e) => byPrincipal('role/lab-restricted')(e) && e.audiences[0] === AUD)),
      'for the misspelt audience': () => events(minted((e) => e.audiences[0] === 'api://AzureADTokenExchnage')),
      'by another attendee': () => other(minted((e) => byPrincipal('role/lab-workload')(e) && e.audiences[0] === AUD)),
    },
  },
  {
    goal: 'mint-token/es384',
    right: () => events(minted((e) => e.alg === 'ES384')),
    wrong: {
      'an RS256 token': () => events(minted((e) => byPrincipal('role/lab-workload')(e) && e.alg === 'RS256')),
      'ES384 by another role': () => events(edit(minted((e) => e.alg === 'ES384'), (e) => (e.principal = `arn:aws:iam::${me.accountId}:role/lab-restricted`))),
      'by another attendee': () => other(minted((e) => e.alg === 'ES384')),
    },
  },
  {
    goal: 'mint-token/team-tag',
    right: () => answer(found.team!),
    wrong: {
      "lab-restricted's team": () => answer('analytics'),
      'the tag name': () => answer('team'),
      'the role name': () => answer('lab-workload'),
    },
  },
  // 3. verify-by-hand
  {
    goal: 'verify-by-hand/jwks-uri',
    right: () => answer(found.jwksUri!),
    wrong: {
      'the discovery document URL': () => answer(`${found.issuer}/.well-known/openid-configuration`),
      'the other scheme': () => answer(otherScheme(found.jwksUri!)),
      'without .well-known': () => answer(`${found.issuer}/jwks.json`),
    },
  },
  {
    goal: 'verify-by-hand/key-thumbprint',
    right: () => answer(found.thumbprint!),
    wrong: {
      "the key's kid": () => answer((JSON.parse(found.key!) as JWK).kid!),
      'a SHA-384 thumbprint': () => answer(found.sha384!),
      "another key's thumbprint": () => answer(found.strangerThumbprint!),
    },
  },
  // 4. trust-and-exchange
  {
    goal: 'trust-and-exchange/credential',
    right: () => events(real('fic-created', (e) => e.credential.subject === me.principals[0]!.arn)),
    wrong: {
      'a subject with a typo': () => events(edit(real('fic-created', (e) => e.credential.subject === me.principals[0]!.arn), (e) => (e.credential.subject += 's'))),
      'an update, not a creation': () => events(real('fic-updated', (e) => e.credential.subject === me.principals[0]!.arn)),
      "on another attendee's application": () => other(real('fic-created', (e) => e.credential.subject === me.principals[0]!.arn)),
    },
  },
  {
    goal: 'trust-and-exchange/refused-then-accepted',
    right: () => events(presented(rejected(700211)), accepted()),
    wrong: {
      'accepted first, refused after': () => events(accepted(), presented(rejected(700211))),
      'refused for a token fedlab never minted': () => events(rejected(700211), accepted()),
      'refused for the audience (a credential existed)': () => events(presented(rejected(700212)), accepted()),
      'by another attendee': () => other(presented(rejected(700211)), accepted()),
    },
  },
  // 5. read-secret
  {
    goal: 'read-secret/vault-token',
    right: () => events(accepted((e) => e.resource === 'https://vault.azure.net')),
    wrong: {
      "the Graph admin application's token": () => events(real('exchange-accepted', (e) => e.resource === 'https://graph.microsoft.com')),
      'a token for Graph': () => events(edit(accepted(), (e) => (e.resource = 'https://graph.microsoft.com'))),
      'by another attendee': () => other(accepted((e) => e.resource === 'https://vault.azure.net')),
    },
  },
  {
    goal: 'read-secret/secret',
    right: () => events(real('secret-read')),
    wrong: {
      'another secret': () => events(edit(real('secret-read'), (e) => (e.name = 'other-secret'))),
      'the read was refused (the 401 challenge)': () => events(real('request-rejected', (e) => e.party === 'vault')),
      'by another attendee': () => other(real('secret-read')),
    },
  },
  // 6. break-and-fix
  {
    goal: 'break-and-fix/wrong-audience',
    right: () => events(presented(rejected(700212))),
    wrong: {
      'a token fedlab never minted': () => events(rejected(700212)),
      'another code for the same token': () => events(presented(edit(rejected(700212), (e) => (e.code = 700211)))),
      'by another attendee': () => other(presented(rejected(700212))),
    },
  },
  {
    goal: 'break-and-fix/subject-case',
    right: () => events(presented(rejected(7002138))),
    wrong: {
      'no such subject at all (700213)': () => events(presented(edit(rejected(7002138), (e) => (e.code = 700213)))),
      'a token fedlab never minted': () => events(rejected(7002138)),
      'by another attendee': () => other(presented(rejected(7002138))),
    },
  },
  {
    goal: 'break-and-fix/issuer-slash',
    right: () => events(presented(rejected700211((e) => /trailing slash/.test(e.detail)))),
    wrong: {
      "exercise 4's refusal: no credential at all": () => events(presented(rejected700211((e) => !/trailing slash/.test(e.detail)))),
      'a token fedlab never minted': () => events(rejected700211((e) => /trailing slash/.test(e.detail))),
      'by another attendee': () => other(presented(rejected700211((e) => /trailing slash/.test(e.detail)))),
    },
  },
  {
    goal: 'break-and-fix/expired',
    right: () => events(presented(rejected(700024))),
    wrong: {
      'the signature did not verify': () => events(presented(edit(rejected(700024), (e) => (e.assertion.verified = false)))),
      'a token fedlab never minted': () => events(rejected(700024)),
      'by another attendee': () => other(presented(rejected(700024))),
    },
  },
  {
    goal: 'break-and-fix/outage',
    right: () => events(presented(rejected(50166))),
    wrong: {
      'refused at another check': () => events(presented(rejected(700212))),
      'a token fedlab never minted': () => events(rejected(50166)),
      'by another attendee': () => other(presented(rejected(50166))),
    },
  },
  {
    goal: 'break-and-fix/rotation',
    right: () => events(real('keys-rotated'), accepted((e) => e.assertion?.kid === 'RSA_1')),
    wrong: {
      'accepted before the rotation': () => events(accepted(), real('keys-rotated')),
      "another account's keys rotated": () => events(asOther([real('keys-rotated')]), accepted((e) => e.assertion?.kid === 'RSA_1')),
      'refused after the rotation': () => events(real('keys-rotated'), presented(rejected(50166))),
      'a token minted before the rotation, accepted after it': () => events(real('keys-rotated'), accepted((e) => e.assertion?.kid === 'RSA_0')),
    },
  },
  {
    goal: 'break-and-fix/fixed',
    right: () => events(presented(rejected(50166)), accepted()),
    wrong: {
      'accepted, then refused': () => events(accepted(), presented(rejected(50166))),
      'refused for a token fedlab never minted': () => events(rejected(50166), accepted()),
      'by another attendee': () => other(presented(rejected(50166)), accepted()),
    },
  },
  // 7. least-privilege
  {
    goal: 'least-privilege/policy-put',
    right: () => events(real('iam-policy-changed', (e) => e.action === 'PutRolePolicy')),
    wrong: {
      'the default policy detached': () => events(real('iam-policy-changed', (e) => e.action === 'DetachRolePolicy')),
      'put on lab-workload': () => events(edit(real('iam-policy-changed', (e) => e.action === 'PutRolePolicy'), (e) => (e.target = me.principals[0]!.arn))),
      "in another attendee's account": () => other(real('iam-policy-changed', (e) => e.action === 'PutRolePolicy')),
    },
  },
  {
    goal: 'least-privilege/policy-audience',
    right: () => events(stsRefused((e) => e.failedCheck === 'identity-policy')),
    wrong: {
      "the SCP's refusal of Entra's audience": () => events(scpRefusal()),
      "the identity policy refusing Entra's audience": () => events(edit(stsRefused((e) => e.failedCheck === 'identity-policy'), (e) => (e.audiences = [AUD]))),
      'refused for lab-workload': () => events(edit(stsRefused((e) => e.failedCheck === 'identity-policy'), (e) => (e.principal = me.principals[0]!.arn))),
      'by another attendee': () => other(stsRefused((e) => e.failedCheck === 'identity-policy')),
    },
  },
  {
    goal: 'least-privilege/scp-duration',
    right: () => events(scpRefusal()),
    wrong: {
      "the identity policy's refusal": () => events(stsRefused((e) => e.failedCheck === 'identity-policy')),
      'an SCP refusal of a 900-second token': () => events(edit(scpRefusal(), (e) => (e.durationSeconds = 900))),
      'refused for lab-workload': () => events(edit(scpRefusal(), (e) => (e.principal = me.principals[0]!.arn))),
      'by another attendee': () => other(scpRefusal()),
    },
  },
  {
    goal: 'least-privilege/still-minted',
    right: () => events(scpRefusal(), restrictedMint(900)),
    wrong: {
      'minted before the refusal': () => events(restrictedMint(900), scpRefusal()),
      'then minted by lab-workload': () => events(scpRefusal(), minted((e) => byPrincipal('role/lab-workload')(e) && e.audiences[0] === AUD)),
      'then minted for another audience': () => events(scpRefusal(), edit(restrictedMint(900), (e) => (e.audiences = ['https://example.com']))),
      'by another attendee': () => other(scpRefusal(), restrictedMint(900)),
    },
  },
  // 8. flexible-credentials
  {
    goal: 'flexible-credentials/aws-refused',
    right: () => events(awsExpressionRefused()),
    wrong: {
      'a refusal at another check': () => events(edit(awsExpressionRefused(), (e) => (e.failedCheck = 'credential-rules'))),
      'the GitHub credential created': () => events(real('fic-created', (e) => e.credential.issuer === GITHUB)),
      "the fork's refusal": () => events(rejected(7002131)),
      'by another attendee': () => other(awsExpressionRefused()),
    },
  },
  {
    goal: 'flexible-credentials/github-credential',
    right: () => events(real('fic-created', (e) => e.credential.issuer === GITHUB)),
    wrong: {
      "Graph's refusal of the AWS flexible credential": () => events(awsExpressionRefused()),
      'a flexible credential on the AWS issuer': () => events(edit(real('fic-created', (e) => e.credential.issuer === GITHUB), (e) => (e.credential.issuer = run.issuer))),
      'an update of the AWS credential': () => events(real('fic-updated')),
      "on another attendee's application": () => other(real('fic-created', (e) => e.credential.issuer === GITHUB)),
    },
  },
  {
    goal: 'flexible-credentials/branch-accepted',
    right: () => events(accepted((e) => e.assertion?.sub === 'repo:contoso/payments-api:ref:refs/heads/main')),
    wrong: {
      "the release job's token": () => events(accepted((e) => e.assertion?.sub === 'repo:contoso/payments-api:environment:production')),
      "the fork's refused token": () => events(rejected(7002131)),
      'by another attendee': () => other(accepted((e) => e.assertion?.sub === 'repo:contoso/payments-api:ref:refs/heads/main')),
    },
  },
  {
    goal: 'flexible-credentials/environment-accepted',
    right: () => events(accepted((e) => e.assertion?.sub === 'repo:contoso/payments-api:environment:production')),
    wrong: {
      "the deploy job's token": () => events(accepted((e) => e.assertion?.sub === 'repo:contoso/payments-api:ref:refs/heads/main')),
      'the release token from another issuer': () =>
        events(edit(accepted((e) => e.assertion?.sub === 'repo:contoso/payments-api:environment:production'), (e) => (e.assertion.iss = run.issuer))),
      'by another attendee': () => other(accepted((e) => e.assertion?.sub === 'repo:contoso/payments-api:environment:production')),
    },
  },
  {
    goal: 'flexible-credentials/fork-refused',
    right: () => events(rejected(7002131)),
    wrong: {
      'the signature did not verify': () => events(edit(rejected(7002131), (e) => (e.assertion.verified = false))),
      "Graph's refusal of the AWS expression": () => events(awsExpressionRefused()),
      'by another attendee': () => other(rejected(7002131)),
    },
  },
  // 9. who-minted
  {
    goal: 'who-minted/assumed',
    right: () => events(real('role-assumed')),
    wrong: {
      'another role assumed': () => events(edit(real('role-assumed'), (e) => (e.roleArn = `arn:aws:iam::${me.accountId}:role/lab-restricted`))),
      'assumed by lab-restricted': () => events(edit(real('role-assumed'), (e) => (e.principal = `arn:aws:iam::${me.accountId}:role/lab-restricted`))),
      'by another attendee': () => other(real('role-assumed')),
    },
  },
  {
    goal: 'who-minted/session-minted',
    right: () => events(minted(byPrincipal('role/lab-session'))),
    wrong: {
      'minted by lab-workload': () => events(minted((e) => byPrincipal('role/lab-workload')(e) && e.audiences[0] === AUD)),
      'the session minted for another audience': () => events(edit(minted(byPrincipal('role/lab-session')), (e) => (e.audiences = ['https://example.com']))),
      'by another attendee': () => other(minted(byPrincipal('role/lab-session'))),
    },
  },
  {
    goal: 'who-minted/chain-limit',
    right: () => events(stsRefused((e) => e.action === 'AssumeRole')),
    wrong: {
      'a mint refused': () => events(stsRefused((e) => e.failedCheck === 'identity-policy')),
      'AssumeRole refused at another check': () => events(edit(stsRefused((e) => e.action === 'AssumeRole'), (e) => ((e.failedCheck = 'trust-policy'), (e.failedChecks = ['trust-policy'])))),
      'by another attendee': () => other(stsRefused((e) => e.action === 'AssumeRole')),
    },
  },
  {
    goal: 'who-minted/looked-up',
    right: () => events(real('trail-looked-up')),
    wrong: {
      'looked up AssumeRole events': () => events(edit(real('trail-looked-up'), (e) => (e.attributeValue = 'AssumeRole'))),
      'looked up by user name': () => events(edit(real('trail-looked-up'), (e) => ((e.attributeKey = 'Username'), (e.attributeValue = 'lab-workload')))),
      "another attendee's trail": () => other(real('trail-looked-up')),
    },
  },
  {
    goal: 'who-minted/session-issuer',
    right: () => answer(found.sessionIssuer!),
    wrong: {
      'the role that assumed it': () => answer('lab-workload'),
      "the session's name": () => answer(me.id),
      'the assumed-role ARN': () => answer(`arn:aws:sts::${me.accountId}:assumed-role/lab-session/${me.id}`),
    },
  },
  // 10. production-configuration (the room runs with the proxy: every issuer has its real form)
  {
    goal: 'production-configuration/reinvent-mint',
    right: () => events(reinventMint()),
    wrong: {
      'through the listener (--endpoint-url)': () => events(minted((e) => byPrincipal('role/lab-workload')(e) && e.audiences[0] === AUD && e.host !== 'sts.us-east-1.amazonaws.com')),
      "Entra's usual audience, not the command's": () => events(edit(reinventMint(), (e) => (e.audiences = [AUD]))),
      "lab-restricted's keys": () => events(edit(reinventMint(), (e) => (e.principal = `arn:aws:iam::${me.accountId}:role/lab-restricted`))),
      'by another attendee': () => other(reinventMint()),
    },
  },
  {
    goal: 'production-configuration/real-credential',
    right: () => events(real('fic-created', (e) => e.credential.name === 'aws-production')),
    wrong: {
      "the issuer's listener form (fedlab without the proxy)": () => events(edit(real('fic-created', (e) => e.credential.name === 'aws-production'), (e) => (e.credential.issuer = listenerFormOf(e.credential.issuer)))),
      'the real issuer with a trailing slash': () => events(edit(real('fic-created', (e) => e.credential.name === 'aws-production'), (e) => (e.credential.issuer += '/'))),
      'on the Graph admin application': () => events(edit(real('fic-created', (e) => e.credential.name === 'aws-production'), (e) => (e.appId = me.admin!.clientId))),
      'by another attendee': () => other(real('fic-created', (e) => e.credential.name === 'aws-production')),
    },
  },
  {
    goal: 'production-configuration/real-issuer-exchange',
    right: () => events(productionExchange()),
    wrong: {
      "the Graph admin's token through the proxy": () => events(real('exchange-accepted', (e) => e.clientId === me.admin!.clientId)),
      'a token for Graph': () => events(edit(productionExchange(), (e) => (e.resource = 'https://graph.microsoft.com'))),
      'refused': () => events(presented(rejected(700212))),
      'by another attendee': () => other(productionExchange()),
    },
  },
  {
    goal: 'production-configuration/production-secret',
    right: () => events(real('secret-read', (e) => /\.vault\.azure\.net$/.test(e.vaultUrl ?? ''))),
    wrong: {
      "exercise 5's read at the listener URL": () => events(real('secret-read', (e) => e.name === 'lab-secret' && !/\.vault\.azure\.net$/.test(e.vaultUrl ?? ''))),
      'another secret by the real name': () => events(edit(real('secret-read', (e) => /\.vault\.azure\.net$/.test(e.vaultUrl ?? '')), (e) => (e.name = 'demo-secret'))),
      'the managed identity': () => events(edit(real('secret-read', (e) => /\.vault\.azure\.net$/.test(e.vaultUrl ?? '')), (e) => (e.oid = me.managedIdentity!.principalId))),
      'by another attendee': () => other(real('secret-read', (e) => /\.vault\.azure\.net$/.test(e.vaultUrl ?? ''))),
    },
  },
  // 11. managed-identity-rbac-vault
  {
    goal: 'managed-identity-rbac-vault/mi-exchange',
    right: () => events(presented(identityExchange())),
    wrong: {
      "the application's exchange": () => events(presented(accepted((e) => e.resource === 'https://vault.azure.net' && e.assertion?.iss === run.issuer))),
      'a token fedlab never minted': () => events(identityExchange()),
      "the identity's token for lab-restricted": () => events(presented(edit(identityExchange(), (e) => (e.assertion.sub = `arn:aws:iam::${me.accountId}:role/lab-restricted`)))),
      'by another attendee': () => other(presented(identityExchange())),
    },
  },
  {
    goal: 'managed-identity-rbac-vault/rbac-refused',
    right: () => events(rbacRefusal()),
    wrong: {
      "the vault's 401 challenge": () => events(real('request-rejected', (e) => e.vault === me.rbacVaultName && e.status === 401, 'challenge of the RBAC vault')),
      'the application refused': () => events(edit(rbacRefusal(), (e) => (e.oid = me.servicePrincipalId))),
      'refused by the access-policy vault': () => events(edit(rbacRefusal(), (e) => (e.vault = me.vaultName))),
      'by another attendee': () => other(rbacRefusal()),
    },
  },
  {
    goal: 'managed-identity-rbac-vault/role-assigned',
    right: () => events(real('role-assignment-created')),
    wrong: {
      'Key Vault Reader (no data access)': () => events(edit(real('role-assignment-created'), (e) => (e.role = 'Key Vault Reader'))),
      "to the application's service principal": () => events(edit(real('role-assignment-created'), (e) => (e.principalId = me.servicePrincipalId))),
      'on the access-policy vault': () => events(edit(real('role-assignment-created'), (e) => (e.vault = me.vaultName))),
      'by another attendee': () => other(real('role-assignment-created')),
    },
  },
  {
    goal: 'managed-identity-rbac-vault/rbac-read',
    right: () => events(rbacRefusal(), rbacRead()),
    wrong: {
      'read with no refusal first': () => events(rbacRead()),
      'read, then refused': () => events(rbacRead(), rbacRefusal()),
      'then read lab-secret from the access-policy vault': () => events(rbacRefusal(), real('secret-read', (e) => e.name === 'lab-secret')),
      'by another attendee': () => other(rbacRefusal(), rbacRead()),
    },
  },
];

const otherScheme = (url: string) => (url.startsWith('https:') ? url.replace(/^https:/, 'http:') : url.replace(/^http:/, 'https:'));
/** `https://<id>.tokens.sts.global.api.aws` → `http://127.0.0.1:<port>/<id>`, the issuer fedlab has without its proxy. */
const listenerFormOf = (issuer: string) => `${run.fedlab.urls.aws.endpoint}/${/^https:\/\/([0-9a-f-]{36})\./.exec(issuer)?.[1] ?? 'no-issuer-id'}`;
function reinventMint(): Ev {
  return minted((e) => e.host === 'sts.us-east-1.amazonaws.com' && e.audiences[0] === 'api:AzureADTokenExchange');
}
function productionExchange(): Ev {
  // The program of page 10 (ClientAssertionCredential through the proxy, no authority host).
  return accepted((e) => e.resource === 'https://vault.azure.net' && e.credential === 'aws-production');
}
function identityExchange(): Ev {
  return real('exchange-accepted', (e) => e.clientId === me.managedIdentity!.clientId, "exchange through the managed identity");
}
function rbacRefusal(): Ev {
  return real('request-rejected', (e) => e.vault === me.rbacVaultName && e.failedCheck === 'rbac', 'ForbiddenByRbac refusal');
}
function rbacRead(): Ev {
  return real('secret-read', (e) => e.vault === me.rbacVaultName, 'read of the RBAC vault');
}

function rejected700211(fits: (e: Ev) => boolean): Ev {
  return real('exchange-rejected', (e) => mine(e) && e.code === 700211 && fits(e), 'refusal AADSTS700211');
}
function restrictedMint(duration: number): Ev {
  // The course's 900-second token of lab-restricted is the last one it minted.
  const mints = (run.events as Ev[]).filter((e) => e.type === 'token-minted' && byPrincipal('role/lab-restricted')(e) && e.audiences[0] === AUD);
  const last = mints.at(-1);
  if (!last || duration !== 900) throw new Error('the course run has no 900-second token of lab-restricted');
  return structuredClone(last);
}

// ---- running a case against a fresh checker ----

const goalsOfCourse = () => course.definition.exercises.flatMap((e) => e.goals.map((g) => `${e.id}/${g.id}`));

async function ticks(goalPath: string, action: Case): Promise<boolean> {
  const [exerciseId, goalId] = goalPath.split('/') as [string, string];
  const n = course.definition.exercises.findIndex((e) => e.id === exerciseId) + 1;
  const bus = createEventBus();
  const labs = createLabsService({
    labs: [course],
    attendees: [me, OTHER],
    events: bus,
    store: createStateStore(),
    ca: run.fedlab.ca,
    urls: { awsEndpoint: `http://127.0.0.1:${(resetTarget.address() as AddressInfo).port}`, issuers: { [me.accountId]: run.issuer, [OTHER.accountId]: OTHER_ISSUER }, vaults: {}, listeners: [], proxyUrl: run.fedlab.urls.proxy!.url },
  });
  const done = (exercise: { goals: { id: string; done: boolean }[] }) => exercise.goals.find((g) => g.id === goalId)!.done;
  try {
    if ('answer' in action) return done((await labs.answer(LAB, n, goalId, action.answer, me.id)).exercise);
    if ('duringReset' in action) {
      publishOnReset = () => action.duringReset.forEach((e) => bus.publish(e));
      const reset = await labs.reset(LAB, n, me.id);
      expect(reset.steps.find((s) => s.step === 'federation')).toMatchObject({ ok: true });
    } else {
      action.events.forEach((e) => bus.publish(e));
    }
    return done((await labs.status(me.id)).labs[0]!.exercises[n - 1]!);
  } finally {
    publishOnReset = undefined;
    await labs.close();
  }
}

test('every goal of the course has a row, and every row names a goal of the course', () => {
  const rows = ROWS.map((r) => r.goal);
  expect(rows.filter((g, i) => rows.indexOf(g) !== i)).toEqual([]);
  expect(goalsOfCourse().filter((g) => !rows.includes(g))).toEqual([]);
  expect(rows.filter((g) => !goalsOfCourse().includes(g))).toEqual([]);
});

describe.each(ROWS)('$goal', (row) => {
  test('the right action ticks it; three plausible wrong actions, and the right action done by a reset, do not', async () => {
    expect(Object.keys(row.wrong).length).toBeGreaterThanOrEqual(3);
    expect(await ticks(row.goal, row.right())).toBe(true);
    const outcomes: Record<string, boolean> = {};
    for (const [mistake, action] of Object.entries(row.wrong)) outcomes[mistake] = await ticks(row.goal, action());
    const right = row.right();
    if ('events' in right) outcomes['the right events, published by `fedlab lab reset`'] = await ticks(row.goal, { duringReset: right.events });
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(outcomes).map((k) => [k, false])));
  });
});

// Answer goals are checked against what the attendee can find; the goal kinds line up with the table.
test('answer rows are the answer goals', () => {
  const answerGoals = course.definition.exercises.flatMap((e) => e.goals.filter(isAnswerGoal).map((g) => `${e.id}/${g.id}`));
  expect(ROWS.filter((r) => 'answer' in r.right()).map((r) => r.goal)).toEqual(answerGoals);
});

beforeAll(async () => {
  // Thumbprints an attendee might give by mistake: another hash of the right key, another key's.
  const key = JSON.parse(found.key!) as JWK;
  found.sha384 = await calculateJwkThumbprint(key, 'sha384');
  const stranger = await exportJWK((await generateKeyPair('RS256', { extractable: true })).publicKey);
  found.strangerThumbprint = await calculateJwkThumbprint(stranger, 'sha256');
});
