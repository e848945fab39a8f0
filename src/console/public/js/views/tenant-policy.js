import { api } from '../api.js';
import { clear, h } from '../dom.js';
import { errorNotice, notice } from '../render.js';

const ARN_ACCOUNT = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/;
const same = (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
/** The policy's service principal lists name an object id or an appId. */
const names = (list, t) => list.some((id) => same(id, t.servicePrincipalId) || same(id, t.clientId));
/** An enabled Conditional Access policy that applies to the service principal (a location condition may still spare some addresses). */
const blocks = (ca, t) => ca.state === 'enabled' && (ca.servicePrincipals === 'All' || names(ca.servicePrincipals, t)) && !names(ca.excludeServicePrincipals ?? [], t);

/**
 * The tenant policy items Break it switches, each with the check and AADSTS code Entra refuses
 * with (src/entra/tenant-policy/checks). `set` returns the whole new policy: the Entra route takes
 * a whole document.
 */
export const POLICY_ITEMS = [
  {
    id: 'federation-disabled',
    label: (t) => `Tenant ${t.tenantName}: workload identity federation disabled`,
    on: (p) => p.workloadIdentityFederation === 'disabled',
    set: (p, on) => ({ ...p, workloadIdentityFederation: on ? 'disabled' : 'enabled' }),
    expect: 'The tenant refuses every federated assertion: check federation-policy fails with AADSTS700223.',
  },
  {
    id: 'issuer-blocked',
    label: (t) => `Tenant ${t.tenantName} blocks the issuer of AWS account ${t.accountId}`,
    on: (p, t) => p.blockedIssuers.some((i) => i === t.issuerAlias || i === t.issuer),
    set: (p, on, t) => ({ ...p, blockedIssuers: on ? [...p.blockedIssuers, t.issuerAlias] : p.blockedIssuers.filter((i) => i !== t.issuerAlias && i !== t.issuer) }),
    expect: "Tokens of that account's issuer are refused: check federation-policy fails with AADSTS700238.",
  },
  {
    id: 'sp-disabled',
    label: (t) => `Service principal of ${t.appName} disabled`,
    on: (p, t) => names(p.disabledServicePrincipals, t),
    set: (p, on, t) => ({ ...p, disabledServicePrincipals: on ? [...p.disabledServicePrincipals, t.servicePrincipalId] : p.disabledServicePrincipals.filter((id) => !names([id], t)) }),
    expect: 'The application cannot sign in: check service-principal-enabled fails with AADSTS7000112.',
  },
  {
    id: 'conditional-access',
    label: (t) => `Conditional Access for workload identities blocks ${t.appName}`,
    on: (p, t) => p.conditionalAccessPolicies.some((ca) => blocks(ca, t)),
    set: (p, on, t) => ({
      ...p,
      conditionalAccessPolicies: on ? [...p.conditionalAccessPolicies, { displayName: `Block ${t.appName} (fedlab console)`, state: 'enabled', servicePrincipals: [t.servicePrincipalId] }] : p.conditionalAccessPolicies.filter((ca) => !blocks(ca, t)),
    }),
    expect: 'A blocking policy applies to the service principal: check conditional-access fails with AADSTS53003.',
  },
];

/** Who the Flow view's choices name: the tenant and application exchanged for, the account whose issuer signs. */
function targetOf(overview, sel) {
  if (!sel?.tenantId) return undefined;
  const tenant = overview.tenants.find((t) => t.id === sel.tenantId);
  const app = tenant?.applications.find((a) => a.appId === sel.clientId);
  const accountId = ARN_ACCOUNT.exec(sel.principalArn ?? '')?.[1];
  const account = overview.accounts.find((a) => a.id === accountId);
  if (!tenant || !app || !account) return undefined;
  return { tenantId: tenant.id, tenantName: tenant.displayName, clientId: app.appId, appName: app.displayName ?? app.appId, servicePrincipalId: app.servicePrincipalId, accountId, issuer: account.issuer, issuerAlias: `aws:${accountId}` };
}

function summary(policy, t) {
  const list = (items) => (items.length ? items.join(', ') : 'none');
  const ca = policy.conditionalAccessPolicies.map((p) => `${p.displayName} (${p.state})`);
  return h(
    'ul',
    { id: 'tenant-policy-status' },
    h('li', {}, `Tenant ${t.tenantName}: workload identity federation ${policy.workloadIdentityFederation}`),
    h('li', {}, `Blocked issuers: ${list(policy.blockedIssuers)}`),
    h('li', {}, `Disabled service principals: ${list(policy.disabledServicePrincipals)}`),
    h('li', {}, `Conditional Access policies: ${list(ca)}`),
  );
}

/**
 * Break it's tenant policy switches, through `/api/entra/tenants/<tenant>/policy` (the console's
 * relay to Entra's `/_fedlab/tenant-policy/<tenant>`). `refresh()` redraws them and resolves to
 * the labels of the items that are on (Break it's verdict names them).
 */
export function tenantPolicyControls({ overview, state, onChange }) {
  const element = h('div', { id: 'tenant-policy' });
  const status = h('div', { 'aria-live': 'polite' });
  let policy;
  let target;

  async function refresh() {
    target = targetOf(overview, state.selection?.());
    if (!target) {
      clear(element, h('p', { class: 'hint' }, 'Choose a role and an application in the Flow view: the tenant policy switches act on them.'));
      return [];
    }
    try {
      policy = await api(`/entra/tenants/${encodeURIComponent(target.tenantId)}/policy`);
    } catch (error) {
      clear(element, errorNotice(error));
      return [];
    }
    const on = POLICY_ITEMS.filter((item) => item.on(policy, target));
    draw(on);
    return on.map((item) => item.label(target));
  }

  function draw(on) {
    const reset = h('button', { type: 'button', class: 'secondary', id: 'tenant-policy-reset' }, 'Back to the configured tenant policy');
    reset.addEventListener('click', () => change(() => api(`/entra/tenants/${encodeURIComponent(target.tenantId)}/policy`, { method: 'DELETE' }), 'Tenant policy back to its configuration.', reset));
    clear(
      element,
      h('p', { class: 'hint' }, `For the Flow view's choices: tenant ${target.tenantName}, application ${target.appName}, AWS account ${target.accountId}.`),
      POLICY_ITEMS.map((item) => {
        const isOn = on.includes(item);
        const id = `policy-${item.id}`;
        const box = h('input', { type: 'checkbox', id, checked: isOn, 'aria-describedby': `${id}-expect` });
        box.addEventListener('change', () => change(() => api(`/entra/tenants/${encodeURIComponent(target.tenantId)}/policy`, { method: 'PUT', body: item.set(policy, box.checked, target) }), `${item.label(target)}: ${box.checked ? 'on' : 'off'}.`, box));
        return h(
          'div',
          { class: `toggle ${isOn ? 'on' : ''}`, 'data-policy': item.id },
          h('div', { class: 'switch-row' }, box, h('label', { for: id }, item.label(target)), h('span', { class: isOn ? 'tag bad' : 'tag neutral' }, isOn ? 'ON' : 'off')),
          h('p', { class: 'expect', id: `${id}-expect` }, h('strong', {}, 'Next exchange: '), item.expect),
        );
      }),
      summary(policy, target),
      h('div', { class: 'actions' }, reset),
      status,
    );
  }

  async function change(call, done, control) {
    control.disabled = true;
    let message;
    try {
      await call();
      message = notice('good', done);
    } catch (error) {
      message = errorNotice(error);
    }
    await onChange();
    clear(status, message);
  }

  return { element, refresh };
}
