import { h } from '../dom.js';

/** One goal of an exercise: met or open, and for an open one what to try next. */
function goalItem(goal) {
  return h(
    'li',
    { class: `goal ${goal.done ? 'met' : 'open'}`, 'data-goal': goal.id, 'data-done': String(goal.done) },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, goal.done ? '✓' : '○'),
    h('span', {}, goal.description, h('span', { class: 'goal-state' }, goal.done ? ' — met' : ' — open'), !goal.done && goal.hint ? h('span', { class: 'hint goal-hint' }, h('br'), `Hint: ${goal.hint}`) : null),
  );
}

function exerciseItem(exercise, isCurrent) {
  const goals = exercise.goals ?? [];
  return h(
    'li',
    { class: `check ${exercise.done ? 'passed' : 'not-run'}${isCurrent ? ' current' : ''}`, 'data-exercise': exercise.n, 'aria-current': isCurrent ? 'step' : null },
    h('span', { class: 'icon', 'aria-hidden': 'true' }, exercise.done ? '✓' : isCurrent ? '▶' : '–'),
    h(
      'span',
      { class: 'check-text' },
      h('strong', {}, `${exercise.n}. ${exercise.title}`),
      exercise.done ? ' — done' : isCurrent ? ' — not done yet (you are here)' : ' — not done yet',
      // Without goal details (older API), the exercise's own hint stands in for them.
      goals.length === 0 && !exercise.done && exercise.hint ? h('span', { class: 'hint' }, h('br'), `Hint: ${exercise.hint}`) : null,
      goals.length > 0 ? h('ul', { class: 'goals', 'aria-label': `Goals of exercise ${exercise.n}` }, goals.map(goalItem)) : null,
    ),
  );
}

/** One person's checklist (the single user, or one attendee of a room): each exercise and its goals with hints. */
export function checklistView(status) {
  return status.labs.map((lab) => {
    const current = lab.exercises.find((e) => !e.done);
    const done = lab.exercises.filter((e) => e.done).length;
    return h(
      'article',
      { class: 'card', 'data-lab': lab.id },
      h('h3', {}, lab.title),
      h('p', { class: 'lab-summary' }, `${done} of ${lab.exercises.length} exercises done${status.attendee && status.attendee !== 'default' ? ` by ${status.attendee}` : ''}.`),
      h('ol', { class: 'checklist', 'aria-label': `Exercises of ${lab.title}` }, lab.exercises.map((e) => exerciseItem(e, e === current))),
    );
  });
}
