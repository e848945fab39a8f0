/** Tiny DOM helpers: elements are built from data, text is always text (never parsed as HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let uid = 0;
/** A unique id for label/for and aria-describedby pairs. */
export const nextId = (prefix) => `${prefix}-${++uid}`;

/** A labelled form control: the label is always visible and tied to the control. */
export function field(labelText, control, hint) {
  const id = control.id || nextId('f');
  control.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, labelText), control, hintEl);
}

export function select(options, attrs = {}) {
  return h('select', attrs, options.map((o) => h('option', { value: o.value, selected: o.selected }, o.label)));
}

/** A fieldset of radio buttons (one legend, one label per choice). */
export function radios(legend, name, choices) {
  return h(
    'fieldset',
    { class: 'radios' },
    h('legend', {}, legend),
    choices.map((c) => {
      const id = nextId(name);
      return h('div', { class: 'radio' }, h('input', { type: 'radio', name, id, value: c.value, checked: c.checked }), h('label', { for: id }, c.label));
    }),
  );
}

export const radioValue = (root, name) => root.querySelector(`input[name="${name}"]:checked`)?.value;

export function formatValue(value) {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function relativeSeconds(s) {
  const abs = Math.abs(s);
  const text = abs < 120 ? `${abs} s` : abs < 7200 ? `${Math.round(abs / 60)} min` : `${Math.round(abs / 3600)} h`;
  return s >= 0 ? `in ${text}` : `${text} ago`;
}
