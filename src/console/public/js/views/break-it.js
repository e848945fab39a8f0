import { api } from '../api.js';
import { clear, field, h, select } from '../dom.js';
import { busy, errorNotice, notice } from '../render.js';
import { exchangeOutcome, exchangeToken, mintToken } from '../flow-actions.js';
import { tenantPolicyControls } from './tenant-policy.js';

/**
 * The failure modes a workshop breaks on purpose. Each says what the next exchange will do;
 * "Run the flow now" shows that it does.
 */
const BREAKAGES = [
  {
    id: 'issuer-down',
    label: 'Issuer down: its discovery document answers HTTP 500',
    party: 'aws',
    spec: (accountId) => ({ target: 'discovery', accountId, kind: 'status', status: 500 }),
    expect: "Entra cannot read the issuer's metadata: check issuer-metadata fails with AADSTS50166.",
  },
  {
    id: 'issuer-slow',
    label: 'Issuer slow: its JWKS answers after 8 seconds',
    party: 'aws',
    spec: (accountId) => ({ target: 'jwks', accountId, kind: 'slow', delayMs: 8000 }),
    expect: 'Entra waits at most 5 seconds for an issuer: after that wait, check issuer-metadata fails with AADSTS50166.',
  },
  {
    id: 'key-missing',
    label: "Signing key missing from the issuer's JWKS",
    party: 'aws',
    spec: (accountId) => ({ target: 'jwks', accountId, kind: 'missing-key' }),
    expect: 'The token names a key id the issuer does not publish: check signing-key fails with AADSTS7000272.',
  },
  {
    id: 'clock-ahead',
    label: "Entra's clock one hour ahead",
    party: 'entra',
    clockOffsetSeconds: 3600,
    expect: 'A fresh AWS token (valid for 5 minutes) already looks expired to Entra: check time-window fails with AADSTS700024.',
  },
  {
    id: 'throttle',
    label: 'Entra throttles token requests (HTTP 429)',
    party: 'entra',
    spec: () => ({ target: 'token', kind: 'throttle', retryAfterSeconds: 5 }),
    expect: 'The next token request gets HTTP 429 with Retry-After: 5 before any check runs; a client must back off and retry.',
  },
];

export function mountBreakIt(section, app) {
  const { overview, state } = app;
  const account = select(overview.accounts.map((a) => ({ value: a.id, label: `${a.id} (${a.region})` })), { id: 'break-account' });
  const toggles = h('div', { class: 'toggles' });
  const active = h('div', { id: 'active-faults', 'aria-live': 'polite' });
  const status = h('div', { 'aria-live': 'polite' });
  const runButton = h('button', { type: 'button', class: 'primary', id: 'break-run' }, 'Run the flow now');
  const runOut = h('div', { class: 'output', id: 'break-run-output', 'aria-live': 'polite' });
  const clearAll = h('button', { type: 'button', class: 'secondary', id: 'break-clear-all' }, 'Clear every fault');
  /** Fault ids by breakage, from the parties' own lists. */
  let applied = new Map();
  let clockOffsets = new Map();
  let refreshes = 0;
  const policy = tenantPolicyControls({ overview, state, onChange: () => refresh() });

  async function refresh() {
    const seq = ++refreshes;
    try {
      const [faults, clocks, policyOn] = await Promise.all([api('/faults'), api('/clock'), policy.refresh()]);
      // An older refresh that finishes late must not draw over a newer one.
      if (seq !== refreshes) return;
      applied = new Map();
      for (const b of BREAKAGES.filter((b) => b.spec)) {
        const found = faults.value.filter((f) => f.party === b.party && matches(f, b.spec(account.value)));
        if (found.length) applied.set(b.id, found);
      }
      clockOffsets = new Map(clocks.value.map((c) => [c.party, c.offsetSeconds ?? 0]));
      renderToggles();
      clear(
        active,
        faults.value.length === 0 ? null : h('ul', {}, faults.value.map((f) => h('li', {}, h('strong', {}, f.party), ` ${describe(f)}`, f.remaining !== null && f.remaining !== undefined ? ` (${f.remaining} more)` : ''))),
        clockStatus(faults.value.length, clockOffsets, clocks.effects ?? [], policyOn),
        faults.unavailable.length ? h('p', { class: 'hint' }, `Runtime control unavailable at: ${faults.unavailable.map((u) => u.party).join(', ')}`) : null,
      );
    } catch (error) {
      clear(active, errorNotice(error));
    }
  }

  function renderToggles() {
    clear(
      toggles,
      BREAKAGES.map((b) => {
        const on = b.clockOffsetSeconds ? (clockOffsets.get(b.party) ?? 0) !== 0 : applied.has(b.id);
        const id = `break-${b.id}`;
        const box = h('input', { type: 'checkbox', id, checked: on, 'aria-describedby': `${id}-expect` });
        box.addEventListener('change', () => toggle(b, box));
        return h(
          'div',
          { class: `toggle ${on ? 'on' : ''}`, 'data-breakage': b.id },
          h('div', { class: 'switch-row' }, box, h('label', { for: id }, b.label), h('span', { class: on ? 'tag bad' : 'tag neutral' }, on ? 'ON' : 'off')),
          h('p', { class: 'expect', id: `${id}-expect` }, h('strong', {}, 'Next exchange: '), b.expect),
        );
      }),
    );
  }

  async function toggle(b, box) {
    box.disabled = true;
    try {
      if (b.clockOffsetSeconds) {
        await api(`/clock/${b.party}`, { method: 'PUT', body: { offsetSeconds: box.checked ? b.clockOffsetSeconds : 0 } });
      } else if (box.checked) {
        await api(`/faults/${b.party}`, { method: 'POST', body: b.spec(account.value) });
      } else {
        for (const fault of applied.get(b.id) ?? []) await api(`/faults/${fault.party}/${fault.id}`, { method: 'DELETE' });
      }
      clear(status, notice('good', `${b.label}: ${box.checked ? 'on' : 'off'}.`));
    } catch (error) {
      clear(status, errorNotice(error));
    }
    await refresh();
  }

  runButton.addEventListener('click', () =>
    busy(runButton, async () => {
      const sel = state.selection?.();
      if (!sel) return;
      try {
        const minted = await mintToken(sel);
        if (!minted.ok) {
          clear(runOut, notice('bad', h('strong', {}, `AWS STS refused (HTTP ${minted.status}): ${minted.error.code}`), h('br'), minted.error.message));
          return;
        }
        clear(runOut, exchangeOutcome(await exchangeToken(sel, minted.token)));
      } catch (error) {
        clear(runOut, errorNotice(error));
      }
    }),
  );
  clearAll.addEventListener('click', () =>
    busy(clearAll, async () => {
      try {
        await api('/faults', { method: 'DELETE' });
        for (const [party, offset] of clockOffsets) if (offset) await api(`/clock/${party}`, { method: 'PUT', body: { offsetSeconds: 0 } });
        clear(status, notice('good', 'Every fault cleared and every clock reset.'));
      } catch (error) {
        clear(status, errorNotice(error));
      }
      await refresh();
    }),
  );
  account.addEventListener('change', refresh);

  clear(
    section,
    h('h2', { id: 'break-title' }, 'Break it'),
    h('p', {}, 'Switch a failure on, then press ', h('strong', {}, 'Run the flow now'), ': the exchange uses the choices of the Flow view, and the checklist shows exactly which check fails.'),
    h('div', { class: 'fields' }, field('AWS account whose issuer breaks', account)),
    h('fieldset', { class: 'toggle-set' }, h('legend', {}, 'Failures'), toggles),
    h('fieldset', { class: 'toggle-set' }, h('legend', {}, 'Tenant policy and Conditional Access (Entra)'), policy.element),
    status,
    h('div', { class: 'actions' }, runButton, clearAll),
    runOut,
    h('h3', {}, 'Active faults'),
    active,
  );
  app.onShow.break = refresh;
}

const PARTY_NAMES = { aws: 'AWS STS', entra: 'Entra ID', vault: 'Key Vault' };

/**
 * The clocks, honestly: each offset, then what it does to a flow run now (from `GET /api/clock`'s
 * effects). "The flow should work" only when no fault is injected, no clock refuses a hop and no
 * tenant policy item refuses the Flow view's exchange.
 */
function clockStatus(faultCount, offsets, effects, policyOn = []) {
  const moved = [...offsets].filter(([, s]) => s);
  const refused = effects.filter((e) => e.refused);
  const faultWords = faultCount === 0 ? 'No fault is active' : `${faultCount} fault${faultCount === 1 ? ' is' : 's are'} active`;
  const policyList = policyOn.length ? h('ul', { id: 'policy-verdict' }, policyOn.map((label) => h('li', {}, label))) : null;
  const verdict =
    refused.length > 0
      ? notice('bad', h('strong', {}, `${faultWords}${faultCount === 0 ? ', but the clocks break the flow' : ', and the clocks break the flow too'}:`), h('ul', {}, refused.map((e) => h('li', { 'data-hop': e.hop }, e.message))), policyList && [h('strong', {}, 'The tenant policy refuses it too:'), policyList])
      : faultCount === 0 && policyList
        ? notice('bad', h('strong', {}, 'No fault is active, but the tenant policy refuses the exchange:'), policyList)
        : faultCount === 0
        ? h('p', { id: 'break-verdict' }, moved.length ? 'No fault is active and the clock offsets are within every tolerance: the flow should work.' : 'No fault is active and the clocks agree: the flow should work.')
        : null;
  return h(
    'div',
    { class: 'clock-status', id: 'clock-status' },
    verdict,
    moved.length
      ? h(
          'div',
          {},
          h('h4', {}, 'Clocks'),
          h('ul', {}, moved.map(([party, s]) => h('li', { 'data-clock': party }, `${PARTY_NAMES[party] ?? party}'s clock offset: ${s > 0 ? '+' : ''}${s} s (${s > 0 ? 'ahead' : 'behind'})`))),
          h('ul', { class: 'hint' }, effects.filter((e) => !e.refused && e.differenceSeconds !== 0).map((e) => h('li', { 'data-hop': e.hop }, e.message))),
        )
      : null,
  );
}

function matches(fault, spec) {
  return Object.entries(spec).every(([k, v]) => fault[k] === v);
}

function describe(fault) {
  if (fault.party === 'aws') return `${fault.target} of account ${fault.accountId}: ${fault.kind}${fault.status ? ` ${fault.status}` : ''}${fault.delayMs ? ` ${fault.delayMs} ms` : ''}`;
  return `token endpoint: ${fault.kind}${fault.code ? ` AADSTS${fault.code}` : ''}${fault.retryAfterSeconds ? ` (Retry-After ${fault.retryAfterSeconds} s)` : ''}`;
}
