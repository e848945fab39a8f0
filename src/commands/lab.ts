import { callLabsApi, LabCommandError, type LabCommandOptions } from './lab-api.js';
import { renderLabs, renderRoom, type AttendeeView, type ExerciseView, type LabView } from './lab-render.js';

export type { LabCommandOptions } from './lab-api.js';

/** Where the commands print (stdout unless a caller, e.g. a test, collects it). */
export interface Output {
  write(text: string): unknown;
}

export async function runLabStatus(options: LabCommandOptions, out: Output = process.stdout): Promise<number> {
  if (options.all && options.attendee) throw new LabCommandError('use --all or --attendee, not both');
  const { json } = await callLabsApi(options, 'GET', '/status');
  if (options.json) out.write(JSON.stringify(json, null, 2) + '\n');
  else if (Array.isArray(json.attendees)) out.write(renderRoom(json.labs as LabView[], json.attendees as AttendeeView[]) + '\n');
  else {
    if (options.all) process.stderr.write('fedlab: this fedlab runs for one person (no --attendees): showing its checklist\n');
    out.write(`attendee ${String(json.attendee)}\n${renderLabs(json.labs as LabView[])}\n`);
  }
  return 0;
}

async function labId(options: LabCommandOptions): Promise<string> {
  if (options.lab) return options.lab;
  const { json } = await callLabsApi(options, 'GET', '/');
  const labs = json.labs as { id: string }[];
  if (labs.length !== 1) throw new LabCommandError(`several labs are loaded (${labs.map((l) => l.id).join(', ')}): name one with --lab`);
  return labs[0]!.id;
}

export async function runLabReset(n: string, options: LabCommandOptions, out: Output = process.stdout): Promise<number> {
  const lab = await labId(options);
  const { status, json } = await callLabsApi(options, 'POST', `/${encodeURIComponent(lab)}/exercises/${encodeURIComponent(n)}/reset`, {});
  const steps = json.steps as { step: string; ok: boolean; detail: string }[];
  const exercise = json.exercise as ExerciseView;
  if (options.json) out.write(JSON.stringify(json, null, 2) + '\n');
  else {
    out.write(`reset ${lab} #${exercise.n} ${exercise.title} for ${String(json.attendee)}\n`);
    for (const step of steps) out.write(`  ${step.ok ? 'ok  ' : 'FAIL'} ${step.step}: ${step.detail}\n`);
  }
  return status === 200 ? 0 : 1;
}

export async function runLabAnswer(n: string, goal: string, value: string, options: LabCommandOptions, out: Output = process.stdout): Promise<number> {
  const lab = await labId(options);
  const { json } = await callLabsApi(options, 'POST', `/${encodeURIComponent(lab)}/exercises/${encodeURIComponent(n)}/answers`, { goal, value });
  const exercise = json.exercise as ExerciseView;
  if (options.json) out.write(JSON.stringify(json, null, 2) + '\n');
  else out.write(renderLabs([{ id: lab, title: `exercise ${exercise.n}`, exercises: [exercise] }]) + '\n');
  const answered = exercise.goals?.find((g) => g.id === goal);
  return answered?.done ? 0 : 1;
}
