import { api } from '../api.js';
import { clear, field, h, radios, radioValue, select } from '../dom.js';
import { busy, decodedToken, errorNotice, notice } from '../render.js';
import { exchangeOutcome, exchangeToken, mintToken } from '../flow-actions.js';
import { mountFlowPicture } from '../flow-picture.js';

/** Flow: AWS token → exchange at Entra → read the secret, each step shown as it happens. */
export function mountFlow(section, app) {
  const { overview, state } = app;
  const principals = overview.accounts.flatMap((a) => a.principals.map((p) => ({ value: p.arn, label: `${p.arn}${p.session ? ' (session credentials)' : ''}` })));
  const applications = overview.tenants.flatMap((t) =>
    t.applications.filter((a) => !a.graphAdmin).map((a) => ({ value: `${t.id}|${a.appId}`, label: `${a.displayName} (${a.appId}) in ${t.displayName}` })),
  );
  const resources = [...new Set(overview.tenants.flatMap((t) => t.resources.map((r) => r.identifierUri)))];

  const principal = select(principals, { id: 'flow-principal' });
  const audience = h('input', { id: 'flow-audience', type: 'text', value: overview.audiences[0], list: 'flow-audiences', autocomplete: 'off' });
  const audienceList = h('datalist', { id: 'flow-audiences' }, overview.audiences.map((a) => h('option', { value: a })));
  const algorithms = radios('Signing algorithm', 'flow-algorithm', [
    { value: 'RS256', label: 'RS256 (RSA)', checked: true },
    { value: 'ES384', label: 'ES384 (ECDSA P-384)' },
  ]);
  const mintButton = h('button', { type: 'submit', class: 'primary', id: 'flow-mint' }, 'Get AWS token');
  const mintOut = h('div', { class: 'output', 'aria-live': 'polite' });
  const mintOptions = options('Audience, algorithm', field('Audience', audience, 'Entra expects api://AzureADTokenExchange.'), audienceList, algorithms);

  const application = select(applications, { id: 'flow-app' });
  const resource = select(resources.map((r) => ({ value: r, label: r, selected: r === 'https://vault.azure.net' })), { id: 'flow-resource' });
  const grants = radios('Grant', 'flow-grant', [
    { value: 'client_credentials', label: 'Client credentials + client assertion (what msal and @azure/identity send)', checked: true },
    { value: 'token-exchange', label: 'RFC 8693 token exchange (fedlab extension)' },
  ]);
  const exchangeButton = h('button', { type: 'submit', class: 'primary', id: 'flow-exchange', disabled: true }, 'Exchange');
  const exchangeOut = h('div', { class: 'output', 'aria-live': 'polite' });
  const exchangeOptions = options('Resource, grant', field('Resource', resource, 'The token is for this resource (scope …/.default).'), grants);

  const secret = select((overview.vault?.secrets ?? []).map((s) => ({ value: s, label: s })), { id: 'flow-secret' });
  const readButton = h('button', { type: 'submit', class: 'primary', id: 'flow-read', disabled: true }, 'Read secret');
  const readOut = h('div', { class: 'output', 'aria-live': 'polite' });

  /** The current choices, also used by the Break it view to run "the next exchange". */
  state.selection = () => {
    const [tenantId, clientId] = application.value.split('|');
    return { principalArn: principal.value, audience: audience.value.trim(), algorithm: radioValue(section, 'flow-algorithm'), tenantId, clientId, resource: resource.value, grant: radioValue(section, 'flow-grant') };
  };

  async function onMint(event) {
    event.preventDefault();
    await busy(mintButton, async () => {
      state.awsToken = undefined;
      exchangeButton.disabled = true;
      readButton.disabled = true;
      clear(exchangeOut);
      clear(readOut);
      try {
        const result = await mintToken(state.selection());
        if (!result.ok) {
          clear(mintOut, notice('bad', h('strong', {}, `AWS STS refused (HTTP ${result.status}): ${result.error.code}`), h('br'), result.error.message));
          return;
        }
        state.awsToken = result.token;
        exchangeButton.disabled = false;
        clear(
          mintOut,
          notice('good', h('strong', {}, 'Got an AWS token'), `, expires in ${minutesLeft(result.expiration)} min.`),
          h(
            'div',
            { class: 'folds' },
            h('details', { class: 'fold' }, h('summary', {}, 'Claims'), decodedToken(result.decoded, 'The AWS token')),
            h('details', { class: 'fold' }, h('summary', {}, 'Raw token'), h('pre', { class: 'raw', tabindex: '0' }, result.token)),
            h('details', { class: 'fold' }, h('summary', {}, 'Request'), h('p', { class: 'hint' }, `Signed by AWS account ${result.decoded.claims['https://sts.amazonaws.com/']?.aws_account ?? ''}, expires ${result.expiration}. POST ${result.request.endpoint} Action=GetWebIdentityToken, SigV4-signed for region ${result.request.region} with access key ${result.request.accessKeyId}.`)),
          ),
        );
      } catch (error) {
        clear(mintOut, errorNotice(error));
      }
    });
  }

  async function onExchange(event) {
    event.preventDefault();
    if (!state.awsToken) return;
    await busy(exchangeButton, async () => {
      state.accessToken = undefined;
      readButton.disabled = true;
      clear(readOut);
      try {
        const result = await exchangeToken(state.selection(), state.awsToken);
        const outcome = exchangeOutcome(result, { fold: true });
        clear(exchangeOut, outcome);
        if (result.ok) {
          state.accessToken = result.accessToken;
          readButton.disabled = !overview.vault;
          outcome.querySelector('.folds').append(h('details', { class: 'fold' }, h('summary', {}, 'Access token claims'), decodedToken(result.decoded, 'The Entra access token')));
        }
      } catch (error) {
        clear(exchangeOut, errorNotice(error));
      }
    });
  }

  async function onRead(event) {
    event.preventDefault();
    if (!state.accessToken) return;
    await busy(readButton, async () => {
      try {
        const result = await api('/vault/read', { method: 'POST', body: { accessToken: state.accessToken, name: secret.value, ...(overview.vault?.name ? { vault: overview.vault.name } : {}) } });
        clear(
          readOut,
          result.ok
            ? notice('good', h('strong', {}, `Secret '${result.name}': `), h('q', { class: 'secret-value' }, result.value))
            : notice('bad', h('strong', {}, `Key Vault refused (HTTP ${result.status}): ${result.error.code}`), h('br'), result.error.message),
        );
      } catch (error) {
        clear(readOut, errorNotice(error));
      }
    });
  }

  // Every call of the flow as it happens (these buttons', a workload's, the labs'), from the live events.
  const picture = h('figure', { class: 'flow-figure' }, h('figcaption', {}, 'Who called whom, live: green worked, red names the check that refused, blue is an expected challenge, grey has not happened yet.'));
  mountFlowPicture(picture, app);

  const step = (id, n, title, what, controls, button, after, out) =>
    h(
      'form',
      { class: 'step', id: `step-${id}`, onsubmit: { mint: onMint, exchange: onExchange, read: onRead }[id], 'aria-labelledby': `step-${id}-title`, 'aria-describedby': `step-${id}-what` },
      h('h3', { id: `step-${id}-title` }, h('span', { class: 'step-no' }, n), ` ${title}`),
      h('p', { class: 'step-what', id: `step-${id}-what` }, what),
      h('div', { class: 'fields' }, controls),
      h('div', { class: 'actions' }, button, after),
      out,
    );

  // One screen (1280 × 720): a line of introduction, the picture, then the three steps side by side;
  // choices beyond the first and every detail fold out.
  clear(
    section,
    h(
      'div',
      { class: 'flow-head' },
      h('h2', { id: 'flow-title' }, 'Flow: from an AWS identity to an Azure secret'),
      h('p', { class: 'intro' }, h('strong', {}, 'New here? '), 'Press the three buttons in order, then try ', h('a', { href: '#break' }, 'Break it'), '.'),
    ),
    picture,
    h(
      'div',
      { class: 'steps' },
      step('mint', '1', 'Get an AWS token', 'A role asks AWS STS for a signed JWT naming itself.', field('AWS principal (role)', principal), mintButton, mintOptions, mintOut),
      step('exchange', '2', 'Exchange it at Entra ID', 'Entra checks it against a federated credential.', field('Entra application (client)', application), exchangeButton, exchangeOptions, exchangeOut),
      step('read', '3', 'Read the Key Vault secret', 'The access token opens it: no password anywhere.', field('Secret', secret), readButton, null, readOut),
    ),
  );
  exchangeButton.setAttribute('aria-describedby', 'step-exchange-when');
  exchangeButton.after(h('span', { class: 'hint when', id: 'step-exchange-when' }, 'after step 1'));
  readButton.setAttribute('aria-describedby', 'step-read-when');
  readButton.after(h('span', { class: 'hint when', id: 'step-read-when' }, 'after step 2'));
}

const minutesLeft = (iso) => Math.max(0, Math.round((Date.parse(iso) - Date.now()) / 60_000));

/** A step's further choices, folded beside its button (they keep their defaults until opened). */
function options(what, ...controls) {
  return h('details', { class: 'options' }, h('summary', {}, what), h('div', { class: 'fields' }, controls));
}
