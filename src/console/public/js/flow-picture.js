import { ownsEvent } from './scope.js';

/**
 * The flow as a picture: the parties as lanes, each call as an arrow lit from the live events
 * (green when it worked, red with the failing check and code, grey until it happens). A new token
 * minted starts a new run: the later hops go grey again.
 */
const SVG = 'http://www.w3.org/2000/svg';
const LANES = [
  { id: 'workload', label: 'Workload (role)' },
  { id: 'sts', label: 'AWS STS' },
  { id: 'issuer', label: 'AWS token issuer' },
  { id: 'entra', label: 'Entra ID' },
  { id: 'vault', label: 'Key Vault' },
];
const HOPS = [
  { id: 'mint', from: 'workload', to: 'sts', call: '1 GetWebIdentityToken (SigV4)' },
  { id: 'exchange', from: 'workload', to: 'entra', call: '2 token request, client_assertion = AWS token' },
  { id: 'keys', from: 'entra', to: 'issuer', call: '2a discovery + JWKS: verify the signature' },
  { id: 'read', from: 'workload', to: 'vault', call: '3 GET secret, Bearer = Entra token' },
];
/** Checks whose failure is the issuer's hop (Entra could not get or use the issuer's keys). */
const ISSUER_CHECKS = new Set(['issuer-metadata', 'signing-key']);
const ICONS = { ok: '✓', failed: '✗', expected: '↻', idle: '' };

const WIDTH = 1000;
const LANE_TOP = 56;
const ROW = 58;
const x = (lane) => 100 + LANES.findIndex((l) => l.id === lane) * 200;

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

const code = (event) => (typeof event.code === 'number' ? `AADSTS${event.code}` : event.code ?? `HTTP ${event.status ?? '?'}`);
const isChallenge = (event) => event.status === 401 && event.failedCheck === 'token-present';

/** What an event says about the hops: [hop, state, words] pairs (empty when it is no step of the flow). */
export function hopsOf(event) {
  switch (event.type) {
    case 'token-minted':
      return [['mint', 'ok', `token for ${(event.audiences ?? []).join(', ')} (${event.alg ?? ''})`]];
    case 'sts-rejected':
      return event.action === 'GetWebIdentityToken' ? [['mint', 'failed', `${event.failedCheck}: ${event.code}`]] : [];
    case 'exchange-accepted':
      return [['keys', 'ok', 'keys fetched, signature verified'], ['exchange', 'ok', `access token for ${event.resource ?? ''}`]];
    case 'exchange-rejected': {
      const failed = `${event.failedCheck}: ${code(event)}`;
      if (ISSUER_CHECKS.has(event.failedCheck)) return [['keys', 'failed', failed], ['exchange', 'failed', `refused at ${failed}`]];
      const verified = (event.trace ?? []).some((r) => r.check === 'signature' && r.outcome === 'passed');
      return [['keys', verified ? 'ok' : 'idle', verified ? 'keys fetched, signature verified' : ''], ['exchange', 'failed', failed]];
    }
    case 'token-request-refused':
      return [['exchange', 'failed', `refused before any check: ${code(event)}${event.retryAfterSeconds ? `, Retry-After ${event.retryAfterSeconds} s` : ''}`]];
    case 'secret-read':
      return [['read', 'ok', `secret ${event.name} read`]];
    case 'request-rejected':
      if (event.party !== 'vault') return [];
      return isChallenge(event) ? [['read', 'expected', '401 challenge (expected): the client retries with its token']] : [['read', 'failed', `${event.failedCheck}: ${event.status} ${event.code ?? ''}`]];
    default:
      return [];
  }
}

export function mountFlowPicture(container, app) {
  const state = Object.fromEntries(HOPS.map((hop) => [hop.id, { state: 'idle', words: '' }]));
  const desc = svg('desc', { id: 'flow-picture-desc' });
  const picture = svg('svg', { viewBox: `0 0 ${WIDTH} ${LANE_TOP + HOPS.length * ROW + 10}`, role: 'img', 'aria-labelledby': 'flow-picture-title flow-picture-desc', class: 'flow-picture', id: 'flow-picture' });
  picture.append(svg('title', { id: 'flow-picture-title' }, 'The flow as a picture: who called whom, and where it broke'), desc);
  const defs = svg('defs');
  for (const kind of ['idle', 'ok', 'failed', 'expected']) {
    const marker = svg('marker', { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrowhead ${kind}` }));
    defs.append(marker);
  }
  picture.append(defs);
  const bottom = LANE_TOP + HOPS.length * ROW;
  for (const lane of LANES) {
    picture.append(svg('text', { x: x(lane.id), y: 24, class: 'lane-label', 'text-anchor': 'middle' }, lane.label));
    picture.append(svg('line', { x1: x(lane.id), y1: 34, x2: x(lane.id), y2: bottom, class: 'lane' }));
  }
  const rows = HOPS.map((hop, i) => {
    const y = LANE_TOP + i * ROW + 26;
    const [a, b] = [x(hop.from), x(hop.to)];
    const g = svg('g', { class: 'hop', 'data-hop': hop.id, 'data-state': 'idle' });
    const line = svg('line', { x1: a + (b > a ? 6 : -6), y1: y, x2: b + (b > a ? -6 : 6), y2: y, class: 'hop-line', 'marker-end': 'url(#arrow-idle)' });
    const left = Math.min(a, b) + 12;
    const call = svg('text', { x: left, y: y - 8, class: 'hop-call' }, hop.call);
    const outcome = svg('text', { x: left, y: y + 20, class: 'hop-outcome' });
    g.append(line, call, outcome);
    picture.append(g);
    return { hop, g, line, outcome };
  });

  function draw() {
    for (const { hop, g, line, outcome } of rows) {
      const { state: s, words } = state[hop.id];
      g.setAttribute('data-state', s);
      line.setAttribute('marker-end', `url(#arrow-${s})`);
      outcome.textContent = words ? `${ICONS[s]} ${words}` : s === 'idle' ? 'not yet' : '';
    }
    desc.textContent = HOPS.map((hop) => `${hop.call}: ${state[hop.id].state === 'idle' ? 'not yet' : `${state[hop.id].state}, ${state[hop.id].words}`}`).join('. ');
  }

  function apply(event) {
    if (app.scope && !ownsEvent(app.scope, event)) return;
    const changes = hopsOf(event);
    if (changes.length === 0) return;
    // A new token (or a refused mint) starts a new run of the flow.
    if (changes.some(([hop]) => hop === 'mint')) for (const hop of HOPS) state[hop.id] = { state: 'idle', words: '' };
    // An exchange after a read restarts the later hop too.
    if (changes.some(([hop]) => hop === 'exchange')) state.read = { state: 'idle', words: '' };
    for (const [hop, s, words] of changes) state[hop] = { state: s, words };
    draw();
  }

  draw();
  container.append(picture);
  const seen = new Set();
  const source = new EventSource('/api/events');
  source.addEventListener('fedlab', (message) => {
    const event = JSON.parse(message.data);
    if (seen.has(event.id)) return;
    seen.add(event.id);
    apply(event);
  });
}
