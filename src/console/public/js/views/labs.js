import { api } from '../api.js';
import { clear, field, h, select } from '../dom.js';
import { errorNotice, notice } from '../render.js';
import { checklistView } from './labs-checklist.js';
import { createRoomGrid } from './labs-room.js';
import { attendeeInUrl } from '../scope.js';

/** How often the shown progress is fetched again while the panel is visible (events also trigger a refresh). */
const POLL_MS = 4000;
const EVENT_SETTLE_MS = 400;

/** Lab progress, as the labs API reports it (the panel exists only when that API answers). */
export async function labsAvailable() {
  try {
    const response = await fetch('/api/labs/status', { credentials: 'same-origin' });
    return response.status === 200;
  } catch {
    return false;
  }
}


/** The page address keeps whose progress is shown, so an attendee can bookmark `?attendee=a07#labs`. */
function keepAttendeeInUrl(attendee) {
  const url = new URL(location.href);
  if (attendee) url.searchParams.set('attendee', attendee);
  else url.searchParams.delete('attendee');
  history.replaceState(null, '', url);
}

/**
 * Lab progress. One person: their checklist. A room (`fedlab start --attendees N`): the
 * facilitator's grid of everyone, or, picked here or with `?attendee=` in the address, one
 * attendee's own checklist. Refreshed while visible: on fedlab's events and every few seconds.
 */
export function mountLabs(section, app) {
  // An attendee's link (`/?attendee=a07`) opens this panel directly.
  if (attendeeInUrl() && !location.hash) history.replaceState(null, '', `${location.pathname}${location.search}#labs`);

  const controls = h('div', { class: 'fields room-controls' });
  const updated = h('p', { class: 'hint', id: 'labs-updated' });
  const out = h('div', { id: 'labs-out' });
  clear(section, h('h2', { id: 'labs-title' }, 'Lab progress'), controls, updated, out);

  let course; // GET /api/labs: is this a room, and who is in it
  let loaded;
  let picker;
  let shown = ''; // the attendee shown ('' = everyone, or the single user)
  let lastBody = '';
  let seq = 0;
  const grid = createRoomGrid({ onPickAttendee: (id) => pick(id, true) });

  async function loadCourse() {
    course = await api('/labs').catch(() => ({ room: false, attendees: [] }));
    if (!course.room) return;
    const wanted = attendeeInUrl();
    shown = course.attendees.includes(wanted) ? wanted : '';
    picker = select([{ value: '', label: 'Everyone (facilitator view)' }, ...course.attendees.map((id) => ({ value: id, label: `Attendee ${id}` }))], { id: 'labs-attendee' });
    picker.value = shown;
    picker.addEventListener('change', () => pick(picker.value, false));
    clear(controls, field('Whose progress', picker, 'Everyone: the facilitator’s grid. An attendee: their own checklist with hints (the address keeps it: ?attendee=a01).'));
    if (wanted && !shown) controls.append(notice('bad', `No attendee '${wanted}' in this room (known: ${course.attendees.join(', ')}); showing everyone.`));
  }

  function pick(attendee, focusPicker) {
    shown = attendee;
    if (picker) picker.value = attendee;
    keepAttendeeInUrl(attendee);
    lastBody = '';
    if (focusPicker) picker?.focus();
    refresh();
  }

  function render(status) {
    if (!shown && Array.isArray(status.attendees)) {
      if (!out.contains(grid.element)) clear(out, grid.element);
      grid.update(status);
      return;
    }
    const heading = status.attendee && status.attendee !== 'default' ? h('h3', { id: 'attendee-heading', class: 'attendee-heading' }, `Checklist of attendee ${status.attendee}`) : null;
    clear(out, heading, checklistView(status));
  }

  async function refresh() {
    const mine = ++seq;
    const path = shown ? `/labs/status?attendee=${encodeURIComponent(shown)}` : '/labs/status';
    try {
      const status = await api(path);
      if (mine !== seq) return; // a newer request (or another attendee picked) wins
      updated.textContent = `Updated at ${new Date().toLocaleTimeString([], { hour12: false })}; refreshes by itself.`;
      const body = JSON.stringify(status);
      if (body === lastBody) return grid.retime();
      lastBody = body;
      render(status);
    } catch (error) {
      if (mine !== seq) return;
      lastBody = '';
      clear(out, errorNotice(error));
    }
  }

  // Live while the panel is visible; stops by itself once another view is shown.
  let timer;
  let source;
  let settle;
  function stopLive() {
    clearInterval(timer);
    clearTimeout(settle);
    source?.close();
    timer = source = settle = undefined;
  }
  function tick() {
    if (section.hidden) return stopLive();
    if (document.visibilityState !== 'hidden') refresh();
  }
  function startLive() {
    if (timer) return;
    timer = setInterval(tick, POLL_MS);
    source = new EventSource('/api/events?replay=0');
    // A burst of events (a room working in lockstep) gives one refresh, not one per event.
    source.addEventListener('fedlab', () => {
      settle ??= setTimeout(() => {
        settle = undefined;
        tick();
      }, EVENT_SETTLE_MS);
    });
  }

  app.onShow.labs = async () => {
    loaded ??= loadCourse();
    await loaded;
    await refresh();
    startLive();
  };
}
