import { api } from '../api.js';
import { clear, h } from '../dom.js';
import { errorNotice } from '../render.js';

/** Lab progress, as the labs API reports it (the panel exists only when that API answers). */
export async function labsAvailable() {
  try {
    const response = await fetch('/api/labs/status', { credentials: 'same-origin' });
    return response.status === 200;
  } catch {
    return false;
  }
}

export function mountLabs(section, app) {
  const out = h('div', { 'aria-live': 'polite' });
  clear(section, h('h2', { id: 'labs-title' }, 'Lab progress'), out);
  app.onShow.labs = async () => {
    try {
      const status = await api('/labs/status');
      clear(
        out,
        status.labs.map((lab) =>
          h(
            'article',
            { class: 'card' },
            h('h3', {}, lab.title),
            h('ol', { class: 'checklist' }, lab.exercises.map((ex) => h('li', { class: `check ${ex.done ? 'passed' : 'not-run'}` }, h('span', { class: 'icon', 'aria-hidden': 'true' }, ex.done ? '✓' : '–'), h('span', {}, h('strong', {}, ex.title), ex.done ? ' — done' : ' — not done yet', !ex.done && ex.hint ? h('span', { class: 'hint' }, h('br'), `Hint: ${ex.hint}`) : null)))),
          ),
        ),
      );
    } catch (error) {
      clear(out, errorNotice(error));
    }
  };
}
