import { h, formatValue, relativeSeconds } from './dom.js';

/** What each of the fake Entra's checks verifies, in words a workshop attendee can follow. */
const CHECK_LABELS = {
  'request-parameters': 'The request parameters are well-formed',
  tenant: 'The tenant exists',
  'grant-type': 'The grant type is supported',
  client: 'The application (client_id) exists in the tenant',
  'service-principal-enabled': "The application's service principal is enabled in the tenant",
  'client-secret': 'The client secret is right (secret-based clients only)',
  'secret-beside-assertion': 'No wrong client secret was sent next to the assertion',
  'assertion-present': 'An assertion (the AWS token) was sent',
  'assertion-format': 'The assertion is a well-formed JWT',
  'not-entra-issued': 'The assertion is not an Entra token',
  'federation-policy': "The tenant's policy allows federation, and from this issuer",
  'federated-credential': 'A federated identity credential matches issuer, subject and audience',
  'credential-propagation': 'The federated credential has propagated',
  'claims-expression-policy': "The credential's expression reads only claims Entra allows for its issuer",
  'claims-expression': "The credential's claims expression matches",
  'signing-algorithm': 'The signing algorithm is accepted',
  'issuer-metadata': "The issuer's discovery document and keys can be fetched",
  'signing-key': "The token's key id (kid) is among the issuer's published keys",
  signature: 'The signature verifies with that key',
  'time-window': 'The token is valid now (nbf / exp, with clock skew)',
  lifetime: 'The token lifetime is acceptable',
  'target-resource': 'The requested resource exists and the app may get a token for it',
  'conditional-access': 'No Conditional Access policy blocks this service principal',
  replay: 'The assertion has not been used before (no replay)',
};

const OUTCOME_WORDS = { passed: 'passed', failed: 'FAILED', 'not-run': 'not run' };
const OUTCOME_ICONS = { passed: '✓', failed: '✗', 'not-run': '–' };

/** The validation trace as a checklist: every check green, red or grey, in words as well as colour. */
export function checklist(trace, caption = 'Checks run by the fake Entra ID') {
  const records = trace?.trace ?? [];
  return h(
    'div',
    { class: 'checklist-wrap' },
    h('h4', {}, caption),
    h(
      'ol',
      { class: 'checklist', 'aria-label': caption },
      records.map((r) =>
        h(
          'li',
          { class: `check ${r.outcome}`, 'data-check': r.check, 'data-outcome': r.outcome },
          h('span', { class: 'icon', 'aria-hidden': 'true' }, OUTCOME_ICONS[r.outcome] ?? '?'),
          h('span', { class: 'check-text' },
            h('strong', {}, CHECK_LABELS[r.check] ?? r.check),
            ' ',
            h('code', {}, r.check),
            ' — ',
            h('span', { class: 'outcome' }, OUTCOME_WORDS[r.outcome] ?? r.outcome),
            r.outcome === 'failed' ? h('span', { class: 'failure' }, h('br'), h('strong', {}, `AADSTS${r.code}`), ': ', r.message ?? '', r.detail ? h('span', { class: 'detail' }, h('br'), `fedlab: ${r.detail}`) : null) : null,
          ),
        ),
      ),
    ),
  );
}

/** Header, claims with their meaning, and the token's times. */
export function decodedToken(decoded, title) {
  return h(
    'div',
    { class: 'decoded' },
    h('h4', {}, title),
    h('p', { class: 'token-header' }, h('span', { class: 'label' }, 'Header: '), h('code', {}, JSON.stringify(decoded.header))),
    h(
      'table',
      { class: 'claims' },
      h('caption', {}, `${title}: claims`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Claim'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'What it means'))),
      h(
        'tbody',
        {},
        decoded.explained.map((c) => {
          const time = decoded.times.find((t) => t.name === c.name);
          return h(
            'tr',
            { 'data-claim': c.name },
            h('th', { scope: 'row' }, h('code', {}, c.name)),
            h('td', {}, h('code', { class: 'value' }, formatValue(c.value)), time ? h('span', { class: 'time' }, ` ${time.iso} (${relativeSeconds(time.inSeconds)})`) : null),
            h('td', {}, c.note || '—'),
          );
        }),
      ),
    ),
    decoded.expired === true ? h('p', { class: 'notice bad' }, 'This token has expired.') : null,
  );
}

export function notice(kind, ...children) {
  return h('div', { class: `notice ${kind}`, role: kind === 'bad' ? 'alert' : 'status' }, ...children);
}

export function errorNotice(error) {
  return notice('bad', h('strong', {}, error.code ?? 'Error'), ': ', error.message ?? String(error));
}

/** A button that shows it is busy and cannot be pressed twice. */
export async function busy(button, work) {
  const text = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = `${text}…`;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = text;
  }
}
