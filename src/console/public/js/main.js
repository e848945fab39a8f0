import { api } from './api.js';
import { clear, h } from './dom.js';
import { errorNotice } from './render.js';
import { mountBreakIt } from './views/break-it.js';
import { mountConfiguration } from './views/configuration.js';
import { mountDecoder } from './views/decoder.js';
import { mountFlow } from './views/flow.js';
import { labsAvailable, mountLabs } from './views/labs.js';
import { mountLiveLog } from './views/live-log.js';
import { loadScope, scopeOverview } from './scope.js';

const VIEWS = ['flow', 'configuration', 'break', 'log', 'decoder', 'labs'];
const LARGE_TYPE_KEY = 'fedlab-console-large-type';

function setupLargeType() {
  const box = document.getElementById('large-type');
  const apply = () => document.documentElement.classList.toggle('large', box.checked);
  box.checked = localStorage.getItem(LARGE_TYPE_KEY) === '1';
  apply();
  box.addEventListener('change', () => {
    localStorage.setItem(LARGE_TYPE_KEY, box.checked ? '1' : '0');
    apply();
  });
}

async function showPartyStatus() {
  const el = document.getElementById('party-status');
  const names = { aws: 'AWS', entra: 'Entra ID', vault: 'Key Vault' };
  try {
    const health = await api('/health');
    clear(el, health.value.map((p) => h('span', { class: `chip ${p.ok ? 'good' : 'bad'}` }, `${names[p.party] ?? p.party}: ${p.ok ? 'up' : 'down'}`)));
  } catch (error) {
    clear(el, h('span', { class: 'chip bad' }, `Parties unknown: ${error.message}`));
  }
}

function showScope(scope) {
  const el = document.getElementById('scope');
  if (!scope) return;
  el.hidden = false;
  if (scope.error) {
    clear(el, h('strong', {}, `No attendee '${scope.id}': `), `${scope.error.message}. Showing everyone's accounts (the facilitator's console).`);
    el.classList.add('bad');
    return;
  }
  const vault = scope.vault ? `, vault ${scope.vault.name}` : '';
  clear(el, h('strong', {}, `Attendee ${scope.id}'s console: `), `AWS account ${scope.aws.accountId}, Entra tenant ${scope.entra.tenantId}, application ${scope.entra.clientId}${vault}. Every view shows only these.`);
}

function route(app) {
  const wanted = location.hash.slice(1);
  const view = VIEWS.includes(wanted) && !(wanted === 'labs' && !app.labs) ? wanted : 'flow';
  for (const name of VIEWS) document.getElementById(`view-${name}`).hidden = name !== view;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  app.onShow[view]?.();
  return view;
}

async function start() {
  setupLargeType();
  showPartyStatus();
  const main = document.getElementById('main');
  let overview;
  try {
    overview = await api('/overview');
  } catch (error) {
    clear(document.getElementById('view-flow'), h('h2', { id: 'flow-title' }, 'The console cannot reach its backend'), errorNotice(error));
    document.getElementById('view-flow').hidden = false;
    return;
  }
  const labs = await labsAvailable();
  // `?attendee=a07`: every view shows only that attendee's account, tenant, application and vault.
  const scope = await loadScope(labs);
  const app = { overview: scopeOverview(overview, scope), scope: scope?.error ? null : scope, state: {}, onShow: {}, labs };
  showScope(scope);
  mountFlow(document.getElementById('view-flow'), app);
  mountConfiguration(document.getElementById('view-configuration'), app);
  mountBreakIt(document.getElementById('view-break'), app);
  mountLiveLog(document.getElementById('view-log'), app);
  mountDecoder(document.getElementById('view-decoder'), app);
  if (app.labs) {
    document.getElementById('nav-labs').hidden = false;
    mountLabs(document.getElementById('view-labs'), app);
  }
  window.addEventListener('hashchange', () => {
    route(app);
    main.focus();
  });
  route(app);
  document.body.dataset.ready = 'true';
}

start();
