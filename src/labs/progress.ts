import type { StateStore } from '../core/state-dir.js';

/** One attendee's record of one exercise. */
export interface ExerciseProgress {
  /** Events before this instant (the last reset) do not count. */
  since?: string;
  answers: Record<string, string>;
  /** Goals once met stay met until the exercise is reset (events age out of memory; this does not). */
  done: Record<string, string>;
}

type ProgressDocument = Record<string, Record<string, Record<string, ExerciseProgress>>>;

export interface ProgressStore {
  get(attendee: string, lab: string, exercise: string): ExerciseProgress;
  markDone(attendee: string, lab: string, exercise: string, goal: string, at: string): void;
  answer(attendee: string, lab: string, exercise: string, goal: string, value: string): void;
  reset(attendee: string, lab: string, exercise: string, at: string): void;
  /** Writes what is pending now (at shutdown). */
  flush(): void;
}

const FILE = 'labs-progress.json';

/**
 * Progress per attendee, lab and exercise; kept in the state dir so a restart keeps it. Writes
 * are gathered for a moment: a room ticks goals many times a second, each write is a fsync.
 */
export function createProgressStore(store: StateStore, saveDelayMs = 250): ProgressStore {
  const doc: ProgressDocument = store.read<ProgressDocument>(FILE) ?? {};
  const entry = (attendee: string, lab: string, exercise: string): ExerciseProgress => {
    const labs = (doc[attendee] ??= {});
    const exercises = (labs[lab] ??= {});
    return (exercises[exercise] ??= { answers: {}, done: {} });
  };
  let pending: NodeJS.Timeout | undefined;
  const flush = () => {
    if (pending) clearTimeout(pending);
    pending = undefined;
    store.write(FILE, doc);
  };
  const save = () => {
    pending ??= setTimeout(flush, saveDelayMs).unref();
  };
  return {
    get: (attendee, lab, exercise) => doc[attendee]?.[lab]?.[exercise] ?? { answers: {}, done: {} },
    markDone(attendee, lab, exercise, goal, at) {
      entry(attendee, lab, exercise).done[goal] = at;
      save();
    },
    answer(attendee, lab, exercise, goal, value) {
      const e = entry(attendee, lab, exercise);
      e.answers[goal] = value;
      save();
    },
    reset(attendee, lab, exercise, at) {
      doc[attendee] ??= {};
      doc[attendee]![lab] ??= {};
      doc[attendee]![lab]![exercise] = { since: at, answers: {}, done: {} };
      save();
    },
    flush: () => {
      if (pending) flush();
    },
  };
}
