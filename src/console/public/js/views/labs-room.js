import { clear, field, h, relativeSeconds, select } from '../dom.js';

/** What each cell says, in words and an icon (never colour alone). */
const CELL = {
  done: { icon: '✓', text: 'done' },
  working: { icon: '✎', text: 'working' },
  stuck: { icon: '⚠', text: 'stuck' },
  'not-started': { icon: '–', text: 'not started' },
};

const SORTS = [
  { value: 'attendee', label: 'Attendee', compare: () => 0 },
  { value: 'stuck', label: 'Stuck first, then least progress', compare: (a, b) => Number(b.stuck) - Number(a.stuck) || a.done - b.done },
  { value: 'progress', label: 'Least progress first', compare: (a, b) => a.done - b.done },
];

/**
 * The room as rows: one per attendee, one cell per exercise. An attendee is stuck when their
 * current exercise (the first not done) is one that most of the others have already passed.
 */
export function roomModel(status) {
  const multiLab = status.labs.length > 1;
  const columns = status.labs.flatMap((lab, l) => lab.exercises.map((ex) => ({ lab, ex, key: `${lab.id}/${ex.n}`, label: multiLab ? `#${l + 1}.${ex.n}` : `#${ex.n}` })));
  const others = status.attendees.length - 1;
  const rows = status.attendees.map((a, order) => {
    // `at`: the column of the attendee's current exercise (none once they have finished).
    const at = a.current ? columns.find((c) => c.lab.id === a.current.lab && c.ex.n === a.current.n) : undefined;
    const passed = at ? at.ex.doneBy.filter((id) => id !== a.id).length : 0;
    const stuck = at !== undefined && others > 0 && passed * 2 > others;
    const cells = columns.map((c) => (c.ex.doneBy.includes(a.id) ? 'done' : c === at ? (stuck ? 'stuck' : 'working') : 'not-started'));
    return { id: a.id, done: a.done, total: a.total, lastActivity: a.lastActivity, hint: a.current?.hint ?? null, order, at, passed, stuck, cells };
  });
  return { columns, rows, total: status.attendees.length };
}

function nowText(row) {
  if (!row.at) return [h('span', { 'aria-hidden': 'true' }, '✓ '), 'finished'];
  if (row.stuck) return [h('span', { 'aria-hidden': 'true' }, '⚠ '), `stuck on ${row.at.label}`, ' ', h('span', { class: 'why' }, `(${row.passed} of the others passed it)`)];
  return [h('span', { 'aria-hidden': 'true' }, '✎ '), `on ${row.at.label}`];
}

function cell(row, column, state) {
  const { icon, text } = CELL[state];
  const label = [h('span', { class: 'icon', 'aria-hidden': 'true' }, icon), ' ', text];
  const hint = (state === 'working' || state === 'stuck') && row.hint ? row.hint : null;
  return h(
    'td',
    { class: `cell ${state}`, 'data-state': state, 'data-exercise': column.key },
    // The hint is both a tooltip (mouse) and an expandable detail (keyboard, touch, screen readers).
    hint ? h('details', { 'data-key': `${row.id}@${column.key}` }, h('summary', { title: hint }, label, h('span', { class: 'sr-only' }, ' (hint)')), h('p', { class: 'cell-hint' }, hint)) : label,
  );
}

function lastSeen(iso) {
  if (!iso) return '—';
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  return seconds > -5 ? 'just now' : relativeSeconds(seconds);
}

/** What changed since the previous refresh, in one sentence for the status line (screen readers hear it). */
function changes(before, after) {
  if (!before) return '';
  const said = [];
  for (const row of after.rows) {
    const old = before.rows.find((r) => r.id === row.id);
    if (!old) continue;
    row.cells.forEach((state, i) => {
      if (state === 'done' && old.cells[i] !== 'done') said.push(`${row.id} finished ${after.columns[i].label}`);
    });
    if (row.stuck && !old.stuck) said.push(`${row.id} looks stuck on ${row.at.label}`);
  }
  return said.length ? `Latest: ${said.join('; ')}.` : '';
}

/**
 * The facilitator's grid: attendees × exercises, per-exercise "done by k of N", sortable and
 * filterable by "stuck". `update(status)` redraws it, keeping open hints and keyboard focus.
 */
export function createRoomGrid({ onPickAttendee }) {
  const sort = select(SORTS.map((s) => ({ value: s.value, label: s.label })), { id: 'room-sort' });
  const onlyStuck = h('input', { type: 'checkbox', id: 'room-only-stuck' });
  const summary = h('p', { class: 'room-summary', id: 'room-summary' });
  const latest = h('p', { class: 'hint', id: 'room-changes', role: 'status' });
  const legend = h('ol', { class: 'room-legend', id: 'room-legend', 'aria-label': 'Exercises, and how many attendees are done' });
  const grid = h('div', { class: 'grid-wrap', role: 'region', tabindex: '0', 'aria-labelledby': 'room-caption' });
  const element = h(
    'div',
    { class: 'room', id: 'room' },
    h('h3', { id: 'room-heading' }, 'Facilitator view: everyone’s progress'),
    summary,
    latest,
    h('div', { class: 'fields filters' }, field('Sort attendees by', sort), h('div', { class: 'field checkbox' }, onlyStuck, h('label', { for: 'room-only-stuck' }, 'Only attendees who are stuck'))),
    grid,
    h('h4', {}, 'Exercises'),
    legend,
  );
  let model;

  function table() {
    const compare = SORTS.find((s) => s.value === sort.value)?.compare ?? SORTS[0].compare;
    const rows = model.rows.filter((r) => !onlyStuck.checked || r.stuck).sort((a, b) => compare(a, b) || a.order - b.order);
    const n = model.total;
    return h(
      'table',
      { class: 'room-grid', id: 'room-grid' },
      h('caption', { id: 'room-caption' }, `Progress of ${n} attendee${n === 1 ? '' : 's'}: each cell is done, working (their current exercise), stuck, or not started. Open a cell's hint with Enter.`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Attendee'),
          h('th', { scope: 'col' }, 'Done'),
          h('th', { scope: 'col' }, 'Now'),
          h('th', { scope: 'col' }, 'Last activity'),
          model.columns.map((c) => h('th', { scope: 'col', class: 'ex-col', title: c.ex.title, 'data-exercise': c.key }, c.label, h('span', { class: 'sr-only' }, ` ${c.ex.title}`))),
        ),
      ),
      h(
        'tbody',
        {},
        rows.length === 0
          ? h('tr', {}, h('td', { colspan: String(model.columns.length + 4) }, onlyStuck.checked ? 'Nobody is stuck right now.' : 'No attendees.'))
          : rows.map((row) =>
              h(
                'tr',
                { 'data-attendee': row.id, class: row.stuck ? 'stuck' : null },
                h('th', { scope: 'row' }, h('a', { href: `?attendee=${encodeURIComponent(row.id)}#labs`, 'data-key': `pick@${row.id}`, 'aria-label': `${row.id}: open checklist`, onclick: (event) => (event.preventDefault(), onPickAttendee(row.id)) }, row.id)),
                h('td', { class: 'done-count' }, `${row.done} of ${row.total}`),
                h('td', { class: `now ${row.stuck ? 'stuck' : ''}` }, nowText(row)),
                h('td', { class: 'last-seen', 'data-time': row.lastActivity }, lastSeen(row.lastActivity)),
                row.cells.map((state, i) => cell(row, model.columns[i], state)),
              ),
            ),
      ),
      h(
        'tfoot',
        {},
        h('tr', {}, h('th', { scope: 'row', colspan: '4' }, 'Done by'), model.columns.map((c) => h('td', { class: 'done-by', 'data-exercise': c.key }, `${c.ex.doneBy.length} of ${n}`))),
      ),
    );
  }

  function draw() {
    if (!model) return;
    // Redrawing must not steal the keyboard or close a hint someone is reading.
    const focused = element.contains(document.activeElement) ? document.activeElement.closest('[data-key], select, input')?.dataset?.key : undefined;
    const open = new Set([...grid.querySelectorAll('details[open]')].map((d) => d.dataset.key));
    const scroll = grid.scrollLeft;
    clear(grid, table());
    for (const details of grid.querySelectorAll('details')) if (open.has(details.dataset.key)) details.open = true;
    grid.scrollLeft = scroll;
    if (focused) {
      const again = [...grid.querySelectorAll('[data-key]')].find((el) => el.dataset.key === focused);
      (again?.querySelector('summary') ?? again)?.focus();
    }
  }

  sort.addEventListener('input', draw);
  onlyStuck.addEventListener('input', draw);

  return {
    element,
    /** "5 s ago" ages even when nothing else changed. */
    retime() {
      for (const td of grid.querySelectorAll('td.last-seen[data-time]')) td.textContent = lastSeen(td.dataset.time);
    },
    update(status) {
      const next = roomModel(status);
      const finished = next.rows.filter((r) => !r.at).length;
      const stuck = next.rows.filter((r) => r.stuck);
      summary.textContent = `${next.total} attendees · ${finished} finished · ${stuck.length} stuck${stuck.length ? `: ${stuck.map((r) => `${r.id} on ${r.at.label}`).join(', ')}` : ''}`;
      const said = changes(model, next);
      if (said) latest.textContent = said;
      model = next;
      clear(
        legend,
        next.columns.map((c) =>
          h('li', { 'data-exercise': c.key }, h('strong', {}, `${c.label} ${c.ex.title}`), ` — done by ${c.ex.doneBy.length} of ${next.total}`, c.ex.working.length ? `; working on it: ${c.ex.working.join(', ')}` : ''),
        ),
      );
      draw();
    },
  };
}
