import type { LabStatus } from './checker.js';
import type { LoadedLab } from './load-lab.js';

/** Where an attendee stands: the first exercise not done, in course order. */
export interface AttendeeSummary {
  id: string;
  done: number;
  total: number;
  current: { lab: string; n: number; title: string; hint: string | null } | null;
  lastActivity: string | null;
}

export interface AttendeeProgress {
  id: string;
  labs: LabStatus[];
  lastActivity: string | null;
}

function summarise({ id, labs, lastActivity }: AttendeeProgress): AttendeeSummary {
  const all = labs.flatMap((l) => l.exercises.map((e) => ({ lab: l.id, e })));
  const current = all.find(({ e }) => !e.done);
  return {
    id,
    done: all.filter(({ e }) => e.done).length,
    total: all.length,
    current: current ? { lab: current.lab, n: current.e.n, title: current.e.title, hint: current.e.hint } : null,
    lastActivity,
  };
}

/** The facilitator's view: each attendee's position, and per exercise who is done and who is on it. */
export function roomOverview(labs: readonly LoadedLab[], room: readonly AttendeeProgress[]) {
  const attendees = room.map(summarise);
  return {
    labs: labs.map(({ definition }) => ({
      id: definition.id,
      title: definition.title,
      exercises: definition.exercises.map((e, i) => {
        const doneBy = room.filter((p) => p.labs.find((l) => l.id === definition.id)!.exercises[i]!.done).map((p) => p.id);
        const working = attendees.filter((s) => s.current?.lab === definition.id && s.current.n === i + 1).map((s) => s.id);
        return { n: i + 1, id: e.id, title: e.title, done: doneBy.length === room.length, hint: null, doneBy, working };
      }),
    })),
    attendees,
  };
}
