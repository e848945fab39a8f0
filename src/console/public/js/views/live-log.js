import { clear, field, h, select } from '../dom.js';
import { checklist } from '../render.js';
import { ownsEvent } from '../scope.js';

const MAX_EVENTS = 500;
const SKIP = new Set(['id', 'time', 'party', 'type', 'trace', 'origin', 'record']);

/** Events of requests fedlab made itself (`origin`, from the X-Fedlab-Caller header), in words. */
const ORIGIN_WORDS = { console: 'made by the console', labs: 'made by a lab reset' };

/** A CloudTrail record the AWS party kept (its whole record is in `event.record`). */
const isTrailRecord = (event) => event.type === 'cloudtrail-event';

/** Key Vault's 401 before every first read: the client is asked for a token, then retries with one. */
const isChallenge = (event) => event.party === 'vault' && event.type === 'request-rejected' && event.status === 401 && event.failedCheck === 'token-present';

/** A refusal worth a look: any party's rejection (throttling 429s included), not an expected challenge. */
const isRejection = (event) => (event.type.endsWith('-rejected') || event.type.endsWith('-refused') || event.status === 429) && !isChallenge(event);

/** One line saying what happened, from the event's own fields (whole: rows wrap, nothing is cut). */
function summary(event) {
  if (isChallenge(event)) return `expected challenge: ${event.method ?? ''} ${event.path ?? ''} without a token got 401 and WWW-Authenticate; the client retries with a bearer token`;
  switch (event.type) {
    case 'token-minted':
      return `${event.principal} got a token for ${(event.audiences ?? []).join(', ')}`;
    case 'exchange-accepted':
      return `client ${event.clientId} accepted${event.credential ? ` via credential ${event.credential}` : ''}, token for ${event.resource ?? ''}`;
    case 'exchange-rejected':
      return `client ${event.clientId ?? '?'} rejected at check ${event.failedCheck}: AADSTS${event.code}`;
    case 'token-request-refused':
      return `client ${event.clientId ?? '?'} refused before any check (HTTP ${event.status}${event.retryAfterSeconds ? `, Retry-After ${event.retryAfterSeconds} s` : ''}) at ${event.failedCheck}: AADSTS${event.code}`;
    case 'cloudtrail-event':
      return `CloudTrail ${event.eventSource} ${event.eventName} by ${event.identityArn ?? event.identityName ?? event.identityType}${event.errorCode ? ` failed: ${event.errorCode}` : ''}${event.webIdentityTokenId ? ` webIdentityTokenId=${event.webIdentityTokenId}` : ''} (account ${event.accountId})`;
    case 'secret-read':
      return `secret ${event.name} read by ${event.appid ?? event.oid}`;
    default:
      return Object.entries(event)
        .filter(([k]) => !SKIP.has(k))
        .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`)
        .join(' ');
  }
}

/** Live log: fedlab's event stream, newest first, filterable; rejections open to their trace. */
export function mountLiveLog(section, app) {
  const events = [];
  const party = select([{ value: '', label: 'All parties' }, { value: 'aws', label: 'AWS' }, { value: 'entra', label: 'Entra ID' }, { value: 'vault', label: 'Key Vault' }], { id: 'log-party' });
  const text = h('input', { type: 'search', id: 'log-text', autocomplete: 'off' });
  const rejectedOnly = h('input', { type: 'checkbox', id: 'log-rejected' });
  const trailOnly = h('input', { type: 'checkbox', id: 'log-cloudtrail' });
  const hideOwn = h('input', { type: 'checkbox', id: 'log-hide-own' });
  // An attendee's console shows their own events (and those naming nobody: faults, clocks), unless unticked.
  const mineOnly = app.scope ? h('input', { type: 'checkbox', id: 'log-mine', checked: true }) : null;
  const list = h('ol', { class: 'log', id: 'log-list', 'aria-label': 'Events, newest first' });
  const state = h('p', { class: 'hint', role: 'status' }, 'Connecting to the event stream…');

  function visible(event) {
    if (party.value && event.party !== party.value) return false;
    if (rejectedOnly.checked && !isRejection(event)) return false;
    if (trailOnly.checked && !isTrailRecord(event)) return false;
    if (hideOwn.checked && event.origin) return false;
    if (mineOnly?.checked && !ownsEvent(app.scope, event)) return false;
    const needle = text.value.trim().toLowerCase();
    return !needle || `${event.type} ${summary(event)}`.toLowerCase().includes(needle);
  }

  function row(event) {
    const time = new Date(event.time).toLocaleTimeString([], { hour12: false });
    const origin = event.origin ? [h('span', { class: 'tag neutral log-origin', 'data-origin': event.origin }, ORIGIN_WORDS[event.origin] ?? `made by ${event.origin}`), ' '] : [];
    const line = [h('span', { class: 'log-time' }, time), ' ', h('span', { class: `log-party ${event.party}` }, event.party), ' ', ...origin, h('strong', {}, event.type), ' ', summary(event)];
    const cls = isChallenge(event) ? 'expected' : isRejection(event) || (isTrailRecord(event) && event.errorCode) ? 'bad' : event.type === 'exchange-accepted' ? 'good' : '';
    if (isTrailRecord(event) && event.record) {
      // Opens to the record exactly as LookupEvents returns it in CloudTrailEvent.
      return h('li', { class: `log-row ${cls}`, 'data-type': event.type, 'data-origin': event.origin }, h('details', {}, h('summary', {}, line), h('pre', { class: 'trail-record' }, JSON.stringify(event.record, null, 2))));
    }
    if (event.type === 'exchange-rejected' && Array.isArray(event.trace)) {
      return h('li', { class: `log-row ${cls}`, 'data-type': event.type, 'data-origin': event.origin }, h('details', {}, h('summary', {}, line), event.detail ? h('p', {}, `fedlab: ${event.detail}`) : null, checklist({ trace: event.trace }, `Checks for correlation id ${event.correlationId}`)));
    }
    return h('li', { class: `log-row ${cls}`, 'data-type': event.type, 'data-origin': event.origin }, line);
  }

  const render = () => clear(list, events.filter(visible).map(row));
  for (const control of [party, text, rejectedOnly, trailOnly, hideOwn, mineOnly].filter(Boolean)) control.addEventListener('input', render);

  clear(
    section,
    h('h2', { id: 'log-title' }, 'Live log'),
    h('p', {}, "Everything the parties do, newest first. Open a rejected exchange to see the fake Entra's checklist, or a CloudTrail record to see it as LookupEvents returns it. Key Vault's 401 before a first read is its normal challenge, marked as expected. Calls the console made itself (its buttons, its panels) are marked “made by the console”; lab resets “made by a lab reset”."),
    h('div', { class: 'fields filters' }, field('Party', party), field('Filter text', text), h('div', { class: 'field checkbox' }, rejectedOnly, h('label', { for: 'log-rejected' }, 'Only rejections (429s included; expected challenges hidden)')),
      h('div', { class: 'field checkbox' }, trailOnly, h('label', { for: 'log-cloudtrail' }, 'Only CloudTrail records')),
      h('div', { class: 'field checkbox' }, hideOwn, h('label', { for: 'log-hide-own' }, "Hide the console's and the labs' own calls")),
      mineOnly && h('div', { class: 'field checkbox' }, mineOnly, h('label', { for: 'log-mine' }, `Only attendee ${app.scope.id}'s events`)),
    ),
    state,
    list,
  );

  const source = new EventSource('/api/events');
  source.addEventListener('open', () => (state.textContent = 'Connected: new events appear at the top.'));
  source.addEventListener('error', () => (state.textContent = 'Event stream interrupted; reconnecting…'));
  source.addEventListener('fedlab', (message) => {
    const event = JSON.parse(message.data);
    if (events.some((e) => e.id === event.id)) return;
    events.unshift(event);
    if (events.length > MAX_EVENTS) events.pop();
    if (visible(event)) list.prepend(row(event));
  });
}
