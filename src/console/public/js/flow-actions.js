import { api } from './api.js';
import { h } from './dom.js';
import { checklist, notice } from './render.js';

/** Step 1: sts:GetWebIdentityToken as the chosen principal. */
export const mintToken = (sel) => api('/aws/token', { method: 'POST', body: { principalArn: sel.principalArn, audience: sel.audience, algorithm: sel.algorithm } });

/** Step 2: the exchange at the fake Entra, with the checks it ran. */
export const exchangeToken = (sel, assertion) =>
  api('/entra/exchange', { method: 'POST', body: { tenantId: sel.tenantId, clientId: sel.clientId, resource: sel.resource, grant: sel.grant, assertion } });

/**
 * The outcome of an exchange: banner, the AADSTS error, and the checklist. `fold` (the Flow view,
 * which must fit one screen) folds Entra's message and the checklist away; the banner still names
 * the refusing check and code.
 */
export function exchangeOutcome(result, { fold = false } = {}) {
  if (result.ok) {
    return h('div', { class: 'outcome-block' }, notice('good', h('strong', {}, 'Accepted:'), ' Entra issued an access token.'), h('div', { class: 'folds' }, h('details', { class: 'fold' }, h('summary', {}, 'Checks (all passed)'), checklist(result.trace))));
  }
  const code = result.error.code ? `AADSTS${result.error.code}` : result.error.error;
  const why = [
    fold ? h('p', { class: 'error-description' }, result.error.description) : null,
    result.trace ? checklist(result.trace) : h('p', { class: 'hint' }, 'No check ran: the request was refused before validation (an injected fault, or a busy service).'),
  ];
  return h(
    'div',
    { class: 'outcome-block' },
    notice(
      'bad',
      h('strong', {}, `Rejected (HTTP ${result.status}): ${code}`),
      result.failedCheck ? h('span', {}, ' at check ', h('code', {}, result.failedCheck)) : null,
      fold ? null : [h('br'), result.error.description],
      result.retryAfter ? h('span', {}, h('br'), `Retry-After: ${result.retryAfter} s`) : null,
    ),
    fold ? h('div', { class: 'folds' }, h('details', { class: 'fold' }, h('summary', {}, "Entra's message and the checks"), why)) : why,
  );
}
