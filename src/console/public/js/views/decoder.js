import { api } from '../api.js';
import { clear, field, h } from '../dom.js';
import { busy, decodedToken, errorNotice, notice } from '../render.js';

/** Token decoder: any JWT's header, claims and times, verified against fedlab's issuers. */
export function mountDecoder(section, app) {
  const input = h('textarea', { id: 'decoder-token', rows: '5', spellcheck: 'false', autocomplete: 'off' });
  const button = h('button', { type: 'submit', class: 'primary', id: 'decoder-go' }, 'Decode and verify');
  const out = h('div', { class: 'output', id: 'decoder-output', 'aria-live': 'polite' });
  const useAws = h('button', { type: 'button', class: 'secondary' }, 'Paste the Flow view’s AWS token');
  useAws.addEventListener('click', () => {
    if (app.state.awsToken) input.value = app.state.awsToken;
    input.focus();
  });

  async function onSubmit(event) {
    event.preventDefault();
    await busy(button, async () => {
      try {
        const result = await api('/decode', { method: 'POST', body: { token: input.value } });
        const v = result.verification;
        clear(
          out,
          v.verified
            ? notice('good', h('strong', {}, 'Signature verified'), ` against ${v.issuedBy.party === 'aws' ? `AWS account ${v.issuedBy.accountId}` : `Entra tenant ${v.issuedBy.tenantId}`}'s published keys.`)
            : notice('bad', h('strong', {}, 'Not verified'), `: ${v.steps.find((s) => !s.ok)?.detail ?? 'unknown issuer'}`),
          h('ol', { class: 'checklist', 'aria-label': 'Verification steps' }, v.steps.map((s) => h('li', { class: `check ${s.ok ? 'passed' : 'failed'}` }, h('span', { class: 'icon', 'aria-hidden': 'true' }, s.ok ? '✓' : '✗'), h('span', {}, h('strong', {}, s.step), ` — ${s.ok ? 'ok' : 'FAILED'}: ${s.detail}`)))),
          h('p', { class: 'hint' }, `Times are relative to fedlab's now: ${result.now}.`),
          decodedToken(result, result.kind === 'aws' ? 'AWS token' : result.kind === 'entra' ? 'Entra access token' : 'Token'),
        );
      } catch (error) {
        clear(out, errorNotice(error));
      }
    });
  }

  clear(
    section,
    h('h2', { id: 'decoder-title' }, 'Token decoder'),
    h('p', {}, "Paste any JWT. It is decoded here (header, claims, times) and its signature is checked against the keys of fedlab's own issuers."),
    h('form', { onsubmit: onSubmit }, field('JWT (compact form: three base64url parts joined by dots)', input), h('div', { class: 'actions' }, button, useAws)),
    out,
  );
}
