import type { AttendeeSummary } from '../labs/room-overview.js';

export interface ExerciseView {
  n: number;
  title: string;
  done: boolean;
  hint: string | null;
  goals?: { id?: string; description: string; done: boolean; hint: string | null }[];
  doneBy?: string[];
  working?: string[];
}
export interface LabView {
  id: string;
  title: string;
  exercises: ExerciseView[];
}
/** The labs API's JSON as the CLI reads it (the type only: the CLI reaches the API over HTTP). */
export type AttendeeView = AttendeeSummary;

const tick = (done: boolean) => (done ? '[x]' : '[ ]');

export function renderLabs(labs: LabView[]): string {
  const lines: string[] = [];
  for (const lab of labs) {
    lines.push(`${lab.title} (${lab.id})`);
    for (const e of lab.exercises) {
      lines.push(`  ${tick(e.done)} ${e.n}. ${e.title}`);
      for (const goal of e.goals ?? []) {
        lines.push(`        ${tick(goal.done)} ${goal.description}`);
        if (!goal.done && goal.hint) lines.push(`            hint: ${goal.hint}`);
      }
    }
  }
  return lines.join('\n');
}

export function renderRoom(labs: LabView[], attendees: AttendeeView[]): string {
  const lines = ['attendee  done     now on'];
  for (const a of attendees) {
    const now = a.current ? `${a.current.lab} #${a.current.n} ${a.current.title}` : 'finished';
    lines.push(`${a.id.padEnd(9)} ${`${a.done}/${a.total}`.padEnd(8)} ${now}${a.current?.hint ? `\n${' '.repeat(19)}hint: ${a.current.hint}` : ''}`);
  }
  lines.push('');
  for (const lab of labs) {
    lines.push(`${lab.title} (${lab.id})`);
    for (const e of lab.exercises) lines.push(`  ${e.n}. ${e.title.padEnd(60)} done ${String(e.doneBy?.length ?? 0).padStart(3)}  working ${(e.working ?? []).join(' ') || '-'}`);
  }
  return lines.join('\n');
}
