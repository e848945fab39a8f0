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

/**
 * Two geometries: the normal one keeps the picture short enough for the whole Flow view to fit a
 * 1280 × 720 screen; Large type (html.large, for projectors) makes the text and rows bigger, and
 * the stylesheet thickens the strokes.
 */
const GEOMETRY = {
  normal: { width: 1100, labelY: 20, laneTop: 34, row: 39, callDy: -6, outcomeDy: 16, font: 15, arrow: 16 },
  large: { width: 1100, labelY: 30, laneTop: 52, row: 66, callDy: -10, outcomeDy: 27, font: 23, arrow: 24 },
};
const laneX = (lane) => 130 + LANES.findIndex((l) => l.id === lane) * 210;
/** Where a hop's words start: after the left end of its arrow, moved left when they would run off the picture. */
function textX(hop, words, g) {
  const left = Math.min(laneX(hop.from), laneX(hop.to)) + 12;
  const estimated = [...words].length * g.font * 0.62;
  return Math.max(8, Math.min(left, g.width - 8 - estimated));
}

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

const code = (event) => (typeof event.code === 'number' ? `AADSTS${event.code}` : event.code ?? `HTTP ${event.status ?? '?'}`);
const isChallenge = (event) => event.status === 401 && event.failedCheck === 'token-present';
/** A client-secret token request (the console's own admin token, any secret-based client) is no step of the federated flow. */
const secretRoad = (event) => (event.trace ?? []).some((r) => r.check === 'client-secret');

/** What an event says about the hops: [hop, state, words] pairs (empty when it is no step of the flow). */
export function hopsOf(event) {
  if (secretRoad(event)) return [];
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
  const picture = svg('svg', { role: 'img', 'aria-labelledby': 'flow-picture-title flow-picture-desc', class: 'flow-picture', id: 'flow-picture' });
  picture.append(svg('title', { id: 'flow-picture-title' }, 'The flow as a picture: who called whom, and where it broke'), desc);
  const defs = svg('defs');
  for (const kind of ['idle', 'ok', 'failed', 'expected']) {
    // userSpaceOnUse: the arrowheads keep their size when Large type thickens the lines.
    const marker = svg('marker', { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrowhead ${kind}` }));
    defs.append(marker);
  }
  picture.append(defs);
  const lanes = LANES.map((lane) => {
    const label = svg('text', { x: laneX(lane.id), class: 'lane-label', 'text-anchor': 'middle' }, lane.label);
    const line = svg('line', { x1: laneX(lane.id), x2: laneX(lane.id), class: 'lane' });
    picture.append(label, line);
    return { label, line };
  });
  const rows = HOPS.map((hop) => {
    const g = svg('g', { class: 'hop', 'data-hop': hop.id, 'data-state': 'idle' });
    const [a, b] = [laneX(hop.from), laneX(hop.to)];
    const line = svg('line', { x1: a + (b > a ? 6 : -6), x2: b + (b > a ? -6 : 6), class: 'hop-line', 'marker-end': 'url(#arrow-idle)' });
    const call = svg('text', { class: 'hop-call' }, hop.call);
    const outcome = svg('text', { class: 'hop-outcome' });
    g.append(line, call, outcome);
    picture.append(g);
    return { hop, g, line, call, outcome };
  });
  const geometry = () => (document.documentElement.classList.contains('large') ? GEOMETRY.large : GEOMETRY.normal);

  /** Rows, lanes and words where the current geometry puts them. */
  function place() {
    const g = geometry();
    const bottom = g.laneTop + HOPS.length * g.row;
    picture.setAttribute('viewBox', `0 0 ${g.width} ${bottom + 6}`);
    picture.dataset.geometry = g === GEOMETRY.large ? 'large' : 'normal';
    for (const { label, line } of lanes) {
      label.setAttribute('y', g.labelY);
      line.setAttribute('y1', g.labelY + 10);
      line.setAttribute('y2', bottom);
    }
    for (const marker of defs.children) for (const side of ['markerWidth', 'markerHeight']) marker.setAttribute(side, g.arrow);
    rows.forEach(({ hop, line, call, outcome }, i) => {
      const y = g.laneTop + i * g.row + g.row / 2;
      line.setAttribute('y1', y);
      line.setAttribute('y2', y);
      call.setAttribute('y', y + g.callDy);
      call.setAttribute('x', textX(hop, call.textContent, g));
      outcome.setAttribute('y', y + g.outcomeDy);
      outcome.setAttribute('x', textX(hop, outcome.textContent, g));
    });
  }

  function draw() {
    for (const { hop, g, line, outcome } of rows) {
      const { state: s, words } = state[hop.id];
      g.setAttribute('data-state', s);
      line.setAttribute('marker-end', `url(#arrow-${s})`);
      outcome.textContent = words ? `${ICONS[s]} ${words}` : s === 'idle' ? 'not yet' : '';
    }
    desc.textContent = HOPS.map((hop) => `${hop.call}: ${state[hop.id].state === 'idle' ? 'not yet' : `${state[hop.id].state}, ${state[hop.id].words}`}`).join('. ');
    place();
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
  // Large type is a class on <html> (main.js): re-place the rows when it changes.
  new MutationObserver(place).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  const seen = new Set();
  const source = new EventSource('/api/events');
  source.addEventListener('fedlab', (message) => {
    const event = JSON.parse(message.data);
    if (seen.has(event.id)) return;
    seen.add(event.id);
    apply(event);
  });
}
