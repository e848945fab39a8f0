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

  const application = select(applications, { id: 'flow-app' });
  const resource = select(resources.map((r) => ({ value: r, label: r, selected: r === 'https://vault.azure.net' })), { id: 'flow-resource' });
  const grants = radios('Grant', 'flow-grant', [
    { value: 'client_credentials', label: 'Client credentials + client assertion (what msal and @azure/identity send)', checked: true },
    { value: 'token-exchange', label: 'RFC 8693 token exchange (fedlab extension)' },
  ]);
  const exchangeButton = h('button', { type: 'submit', class: 'primary', id: 'flow-exchange', disabled: true }, 'Exchange');
  const exchangeOut = h('div', { class: 'output', 'aria-live': 'polite' });

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
          notice('good', h('strong', {}, 'Got an AWS token.'), ` Signed by AWS account ${result.decoded.claims['https://sts.amazonaws.com/']?.aws_account ?? ''}, expires ${result.expiration}.`),
          h('p', { class: 'hint' }, `Request: POST ${result.request.endpoint} Action=GetWebIdentityToken, SigV4-signed for region ${result.request.region} with access key ${result.request.accessKeyId}.`),
          h('details', { class: 'fold' }, h('summary', {}, 'Show the AWS token’s claims'), decodedToken(result.decoded, 'The AWS token')),
          h('details', { class: 'fold' }, h('summary', {}, 'Show the raw token'), h('pre', { class: 'raw', tabindex: '0' }, result.token)),
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
        clear(exchangeOut, exchangeOutcome(result));
        if (result.ok) {
          state.accessToken = result.accessToken;
          readButton.disabled = !overview.vault;
          exchangeOut.append(h('details', { class: 'fold' }, h('summary', {}, 'Show the Entra access token’s claims'), decodedToken(result.decoded, 'The Entra access token')));
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
  const picture = h('figure', { class: 'flow-figure' }, h('figcaption', {}, 'Who called whom, live: green worked, red names the check that refused, grey has not happened yet.'));
  mountFlowPicture(picture, app);

  clear(
    section,
    h('h2', { id: 'flow-title' }, 'Flow: from an AWS identity to an Azure secret'),
    h(
      'div',
      { class: 'intro' },
      h('p', {}, h('strong', {}, 'New here? '), 'Press the three buttons below in order. Each shows what was sent, what came back, and why.'),
      h(
        'ol',
        { class: 'intro-steps' },
        h('li', {}, h('strong', {}, 'Get AWS token: '), 'an AWS role asks AWS STS for a signed identity token (a JWT) naming itself.'),
        h('li', {}, h('strong', {}, 'Exchange: '), 'Microsoft Entra ID checks that token against a federated identity credential and returns an Azure access token.'),
        h('li', {}, h('strong', {}, 'Read secret: '), 'the access token opens a secret in Azure Key Vault. No password or client secret was used anywhere.'),
      ),
      h('p', { class: 'hint' }, 'Then try ', h('a', { href: '#break' }, 'Break it'), ' to see exactly which check fails and why.'),
    ),
    picture,
    h(
      'form',
      { class: 'step', id: 'step-mint', onsubmit: onMint, 'aria-labelledby': 'step-mint-title' },
      h('h3', { id: 'step-mint-title' }, h('span', { class: 'step-no' }, '1'), ' Get an AWS token'),
      h('div', { class: 'fields' }, field('AWS principal (role)', principal), field('Audience', audience, 'The Entra side expects api://AzureADTokenExchange.'), audienceList, algorithms),
      mintButton,
      mintOut,
    ),
    h(
      'form',
      { class: 'step', id: 'step-exchange', onsubmit: onExchange, 'aria-labelledby': 'step-exchange-title' },
      h('h3', { id: 'step-exchange-title' }, h('span', { class: 'step-no' }, '2'), ' Exchange it at Entra ID'),
      h('div', { class: 'fields' }, field('Entra application (client)', application), field('Resource', resource, 'The access token will be for this resource (scope …/.default).'), grants),
      exchangeButton,
      h('p', { class: 'hint' }, 'Available once step 1 gave a token.'),
      exchangeOut,
    ),
    h(
      'form',
      { class: 'step', id: 'step-read', onsubmit: onRead, 'aria-labelledby': 'step-read-title' },
      h('h3', { id: 'step-read-title' }, h('span', { class: 'step-no' }, '3'), ' Read the Key Vault secret'),
      h('div', { class: 'fields' }, field('Secret', secret)),
      readButton,
      h('p', { class: 'hint' }, 'Available once step 2 gave an access token for https://vault.azure.net.'),
      readOut,
    ),
  );
}
