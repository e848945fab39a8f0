import { api } from '../api.js';
import { clear, field, h, select } from '../dom.js';
import { busy, errorNotice, notice } from '../render.js';

/** Renders may overlap (a view shown, then a change's refresh): only the latest one is drawn. */
function latest(out) {
  const seq = String(Number(out.dataset.seq ?? 0) + 1);
  out.dataset.seq = seq;
  return () => out.dataset.seq === seq;
}

const link = (url, text) => (url ? h('a', { href: url, target: '_blank', rel: 'noopener' }, text ?? url) : '—');

/** Configuration: accounts and their issuers, tenants, applications and their federated credentials. */
export function mountConfiguration(section, app) {
  const { overview } = app;
  const awsOut = h('div', { id: 'config-aws' });
  const entraOut = h('div', { id: 'config-entra' });
  // Outside the re-rendered parts, so that a change's outcome stays on screen after the refresh.
  const awsStatus = h('div', { id: 'config-aws-status', 'aria-live': 'polite' });
  const entraStatus = h('div', { id: 'config-entra-status', 'aria-live': 'polite' });
  clear(
    section,
    h('h2', { id: 'configuration-title' }, 'Configuration'),
    h('p', { class: 'hint' }, 'Live state, read over the same APIs a script would use: IAM for federation, OIDC discovery for issuers, Microsoft Graph for federated credentials.'),
    h('h3', {}, 'AWS accounts'),
    awsStatus,
    awsOut,
    h('h3', {}, 'Entra tenants'),
    entraStatus,
    entraOut,
  );
  const refreshAws = () => renderAws(awsOut, awsStatus, overview, refreshAws);
  const refreshEntra = () => renderEntra(entraOut, entraStatus, overview, refreshEntra);
  app.onShow.configuration = () => {
    refreshAws();
    refreshEntra();
  };
}

async function renderAws(out, status, overview, refresh) {
  const current = latest(out);
  const [issuers, federation] = await Promise.all([
    api('/aws/issuers').catch(() => ({ value: [] })),
    Promise.all(overview.accounts.map((a) => api(`/aws/accounts/${a.id}/federation`).catch((error) => ({ accountId: a.id, error })))),
  ]);
  if (!current()) return;
  clear(
    out,
    overview.accounts.map((account) => {
      const issuer = issuers.value.find((i) => i.accountId === account.id);
      const state = federation.find((f) => f.accountId === account.id);
      const toggle = h('button', { type: 'button', class: 'secondary', 'data-account': account.id }, state?.enabled ? 'Disable outbound federation' : 'Enable outbound federation');
      toggle.addEventListener('click', () =>
        busy(toggle, async () => {
          try {
            await api(`/aws/accounts/${account.id}/federation`, { method: 'PUT', body: { enabled: !state?.enabled } });
            clear(status, notice('good', `Outbound federation of account ${account.id} ${state?.enabled ? 'disabled' : 'enabled'} (IAM ${state?.enabled ? 'Disable' : 'Enable'}OutboundWebIdentityFederation).`));
            refresh();
          } catch (error) {
            clear(status, errorNotice(error));
          }
        }),
      );
      const rotate = h('button', { type: 'button', class: 'secondary' }, 'Rotate signing keys');
      rotate.addEventListener('click', () =>
        busy(rotate, async () => {
          try {
            const result = await api(`/aws/accounts/${account.id}/rotate-keys`, { method: 'POST', body: {} });
            clear(status, notice('good', `New key generation: ${(result?.kids ?? []).join(', ')}`));
            refresh();
          } catch (error) {
            clear(status, errorNotice(error));
          }
        }),
      );
      return h(
        'article',
        { class: 'card', 'aria-labelledby': `acct-${account.id}` },
        h('h4', { id: `acct-${account.id}` }, `Account ${account.id} (${account.region})`),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Outbound federation'),
          h('dd', {}, state?.error ? `unknown (${state.error.message})` : h('span', { class: state?.enabled ? 'tag good' : 'tag bad' }, state?.enabled ? 'enabled' : 'disabled')),
          h('dt', {}, 'Issuer'), h('dd', {}, h('code', {}, account.issuer ?? '—')),
          h('dt', {}, 'Discovery'), h('dd', {}, link(account.discoveryUrl), issuer ? ` (HTTP ${issuer.discoveryStatus ?? 'unreachable'})` : ''),
          h('dt', {}, 'JWKS'), h('dd', {}, link(issuer?.jwksUri ?? undefined), issuer?.jwksStatus ? ` (HTTP ${issuer.jwksStatus})` : ''),
          h('dt', {}, 'Signing keys'),
          h('dd', {}, issuer?.keys.length ? h('ul', { class: 'inline-list' }, issuer.keys.map((k) => h('li', {}, h('code', {}, k.kid), ` ${k.alg ?? k.kty}${k.generation !== null ? `, generation ${k.generation}` : ''}`))) : 'none published'),
        ),
        h('div', { class: 'actions' }, toggle, rotate),
        h('table', { class: 'compact' },
          h('caption', {}, `Principals of account ${account.id}`),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Principal'), h('th', { scope: 'col' }, 'Access key'), h('th', { scope: 'col' }, 'Tags'), h('th', { scope: 'col' }, 'IAM policies'))),
          h('tbody', {}, account.principals.map((p) => h('tr', {}, h('td', {}, h('code', {}, p.arn)), h('td', {}, h('code', {}, p.accessKeyId)), h('td', {}, Object.entries(p.tags).map(([k, v]) => `${k}=${v}`).join(', ') || '—'), h('td', {}, policiesDetails(p.arn))))),
        ),
      );
    }),
  );
}

/** The layers IAM evaluates for the principal, loaded when opened, and which layer denied its last refused request. */
function policiesDetails(arn) {
  const body = h('div', { class: 'policies-in-force' }, 'Loading…');
  const details = h('details', { 'data-principal': arn }, h('summary', {}, 'Policies in force'), body);
  details.addEventListener('toggle', async () => {
    if (!details.open) return;
    try {
      const view = await api(`/aws/policies?principal=${encodeURIComponent(arn)}`);
      clear(body, refusalNote(view.lastRefusal), view.layers.map(layerSection));
    } catch (error) {
      clear(body, errorNotice(error));
    }
  });
  return details;
}

function refusalNote(refusal) {
  if (!refusal) return h('p', { class: 'hint' }, 'No refused request of this principal yet.');
  const statement = refusal.decidingPolicy ? ` — ${refusal.decidingPolicy}${refusal.decidingSid ? ` (Sid ${refusal.decidingSid})` : ''}` : '';
  return notice('bad', `Last refusal: ${refusal.deniedAction ?? refusal.action} ${refusal.denial === 'explicit' ? 'explicitly denied by' : 'not allowed by any'} ${refusal.deniedBy}${statement}`);
}

const documentBlock = (policy) => h('li', {}, h('code', {}, policy.name), policy.kind ? ` (${policy.kind})` : '', h('pre', { class: 'policy-document' }, JSON.stringify(policy.document, null, 2)));

function layerSection(layer) {
  const lists = layer.levels ? layer.levels.map((level) => h('li', {}, `at ${level.target}: `, h('ul', {}, level.policies.map(documentBlock)))) : layer.policies.map(documentBlock);
  return h('section', { class: 'policy-layer', 'data-layer': layer.layer }, h('h6', {}, layer.layer), layer.applies ? h('ul', {}, lists) : h('p', { class: 'hint' }, `Does not apply: ${layer.reason}.`));
}

async function renderEntra(out, status, overview, refresh) {
  const current = latest(out);
  const issuers = overview.accounts.map((a) => a.issuer).filter(Boolean);
  const cards = await Promise.all(
    overview.tenants.map(async (tenant) => {
      const apps = tenant.applications.filter((a) => !a.graphAdmin);
      const lists = await Promise.all(apps.map((a) => api(`/graph/${tenant.id}/applications/${a.appId}/fics`).then((r) => ({ app: a, fics: r.value }), (error) => ({ app: a, error }))));
      const form = ficForm(tenant, apps, issuers, status, refresh);
      return h(
        'article',
        { class: 'card', 'aria-labelledby': `tenant-${tenant.id}` },
        h('h4', { id: `tenant-${tenant.id}` }, `Tenant ${tenant.displayName} (${tenant.id})`),
        h('dl', { class: 'facts' }, h('dt', {}, 'OpenID configuration'), h('dd', {}, link(tenant.openidConfiguration)), h('dt', {}, 'Signing keys'), h('dd', {}, link(tenant.keys))),
        lists.map(({ app, fics, error }) =>
          h(
            'section',
            { class: 'app', 'aria-label': `Application ${app.displayName}` },
            h('h5', {}, `Application ${app.displayName} `, h('code', {}, app.appId)),
            error
              ? errorNotice(error)
              : h('table', { class: 'compact fics' },
                  h('caption', {}, `Federated identity credentials of ${app.displayName}`),
                  h('thead', {}, h('tr', {}, ['Name', 'Issuer', 'Subject or claims expression', 'Audience', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
                  h('tbody', {}, fics.length === 0 ? h('tr', {}, h('td', { colspan: '5' }, 'No federated credentials: no external token can act as this application.')) : fics.map((fic) => ficRow(tenant, app, fic, form, status, refresh))),
                ),
          ),
        ),
        h('h5', {}, 'Add or edit a federated credential'),
        form.element,
      );
    }),
  );
  if (current()) clear(out, cards);
}

function ficRow(tenant, app, fic, form, status, refresh) {
  const edit = h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${fic.name}` }, 'Edit');
  edit.addEventListener('click', () => form.edit(app, fic));
  const del = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${fic.name}` }, 'Delete');
  del.addEventListener('click', () => {
    if (!window.confirm(`Delete the federated credential ${fic.name} of ${app.displayName}?`)) return;
    busy(del, async () => {
      try {
        await api(`/graph/${tenant.id}/applications/${app.appId}/fics/${encodeURIComponent(fic.name)}`, { method: 'DELETE' });
        clear(status, notice('good', `Deleted ${fic.name} (Graph DELETE answered 204).`));
        refresh();
      } catch (error) {
        clear(status, errorNotice(error));
      }
    });
  });
  const expression = fic.claimsMatchingExpression?.value;
  return h(
    'tr',
    { 'data-fic': fic.name },
    h('td', {}, h('code', {}, fic.name)),
    h('td', {}, h('code', {}, fic.issuer)),
    h('td', {}, expression ? h('span', {}, 'expression: ', h('code', {}, expression)) : h('code', {}, fic.subject ?? '—')),
    h('td', {}, h('code', {}, (fic.audiences ?? []).join(', '))),
    h('td', { class: 'actions' }, edit, ' ', del),
  );
}

function ficForm(tenant, apps, issuers, status, refresh) {
  const appSelect = select(apps.map((a) => ({ value: a.appId, label: a.displayName })));
  const name = h('input', { type: 'text', required: true, autocomplete: 'off' });
  const issuer = h('input', { type: 'url', required: true, value: issuers[0] ?? '', list: `issuers-${tenant.id}`, autocomplete: 'off' });
  const issuerList = h('datalist', { id: `issuers-${tenant.id}` }, issuers.map((i) => h('option', { value: i })));
  const subject = h('input', { type: 'text', autocomplete: 'off' });
  const audience = h('input', { type: 'text', required: true, value: 'api://AzureADTokenExchange', autocomplete: 'off' });
  const expression = h('input', { type: 'text', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Add credential');
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Cancel editing');
  let editing = null;
  const reset = () => {
    editing = null;
    name.readOnly = false;
    appSelect.disabled = false;
    submit.textContent = 'Add credential';
    cancel.hidden = true;
    name.value = subject.value = expression.value = '';
  };
  cancel.addEventListener('click', reset);
  const element = h(
    'form',
    {
      class: 'fic-form',
      onsubmit: (event) => {
        event.preventDefault();
        const body = {
          issuer: issuer.value.trim(),
          subject: expression.value.trim() ? null : subject.value.trim(),
          audiences: [audience.value.trim()],
          claimsMatchingExpression: expression.value.trim() ? { value: expression.value.trim(), languageVersion: 1 } : null,
        };
        busy(submit, async () => {
          try {
            const base = `/graph/${tenant.id}/applications/${appSelect.value}/fics`;
            if (editing) await api(`${base}/${encodeURIComponent(editing)}`, { method: 'PATCH', body });
            else await api(base, { method: 'POST', body: { name: name.value.trim(), ...body } });
            clear(status, notice('good', editing ? `Updated ${editing} (Graph PATCH answered 204).` : `Created ${name.value.trim()} (Graph POST answered 201).`));
            reset();
            refresh();
          } catch (error) {
            clear(status, errorNotice(error));
          }
        });
      },
    },
    h('div', { class: 'fields' },
      field('Application', appSelect),
      field('Credential name', name, '3-120 letters, digits, dashes or underscores; cannot be changed later.'),
      field('Issuer', issuer), issuerList,
      field('Subject', subject, 'The role ARN, e.g. arn:aws:iam::111122223333:role/fedlab-workload.'),
      field('Audience', audience),
      field('Claims matching expression (instead of a subject)', expression, "e.g. claims['sub'] eq 'arn:aws:iam::111122223333:role/fedlab-workload'"),
    ),
    h('div', { class: 'actions' }, submit, cancel),
  );
  return {
    element,
    edit(app, fic) {
      editing = fic.name;
      appSelect.value = app.appId;
      appSelect.disabled = true;
      name.value = fic.name;
      name.readOnly = true;
      issuer.value = fic.issuer;
      subject.value = fic.subject ?? '';
      audience.value = (fic.audiences ?? [])[0] ?? '';
      expression.value = fic.claimsMatchingExpression?.value ?? '';
      submit.textContent = 'Save changes';
      cancel.hidden = false;
      name.focus();
    },
  };
}
