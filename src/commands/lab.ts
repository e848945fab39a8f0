import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `fedlab lab ...` talks to a running fedlab's labs API (on the console) found through its urls file. */
export interface LabCommandOptions {
  stateDir: string;
  urlsFile?: string;
  attendee?: string;
  lab?: string;
  all?: boolean;
  json?: boolean;
  token?: string;
}

interface ExerciseView {
  n: number;
  title: string;
  done: boolean;
  hint: string | null;
  goals?: { description: string; done: boolean; hint: string | null }[];
  doneBy?: string[];
  working?: string[];
}
interface LabView {
  id: string;
  title: string;
  exercises: ExerciseView[];
}
interface AttendeeView {
  id: string;
  done: number;
  total: number;
  current: { lab: string; n: number; title: string; hint: string | null } | null;
  lastActivity: string | null;
}

class LabCommandError extends Error {}

/** Where the commands print (stdout unless a caller, e.g. a test, collects it). */
export interface Output {
  write(text: string): unknown;
}

function consoleUrl(options: LabCommandOptions): string {
  const file = options.urlsFile ?? join(options.stateDir, 'urls.json');
  let urls: { console?: { url?: string } };
  try {
    urls = JSON.parse(readFileSync(file, 'utf8')) as typeof urls;
  } catch (error) {
    throw new LabCommandError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): is \`fedlab start --state-dir ${options.stateDir}\` running?`);
  }
  if (!urls.console?.url) throw new LabCommandError(`${file} names no console: the labs API lives on the console (add a console section to the configuration)`);
  return urls.console.url.replace(/\/$/, '');
}

async function call(options: LabCommandOptions, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = new URL(`${consoleUrl(options)}/api/labs${path}`);
  if (options.attendee) url.searchParams.set('attendee', options.attendee);
  const token = options.token ?? process.env.FEDLAB_CONSOLE_TOKEN;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    throw new LabCommandError(`cannot reach ${url.origin} (${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}): is fedlab running?`);
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  const problem = json.error as { message?: string } | undefined;
  if (response.status >= 400 && problem) throw new LabCommandError(problem.message ?? `HTTP ${response.status}`);
  return { status: response.status, json };
}

const tick = (done: boolean) => (done ? '[x]' : '[ ]');

function renderLabs(labs: LabView[]): string {
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

function renderRoom(labs: LabView[], attendees: AttendeeView[]): string {
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

export async function runLabStatus(options: LabCommandOptions, out: Output = process.stdout): Promise<number> {
  if (options.all && options.attendee) throw new LabCommandError('use --all or --attendee, not both');
  const { json } = await call(options, 'GET', '/status');
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
  const { json } = await call(options, 'GET', '/');
  const labs = json.labs as { id: string }[];
  if (labs.length !== 1) throw new LabCommandError(`several labs are loaded (${labs.map((l) => l.id).join(', ')}): name one with --lab`);
  return labs[0]!.id;
}

export async function runLabReset(n: string, options: LabCommandOptions, out: Output = process.stdout): Promise<number> {
  const lab = await labId(options);
  const { status, json } = await call(options, 'POST', `/${encodeURIComponent(lab)}/exercises/${encodeURIComponent(n)}/reset`, {});
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
  const { json } = await call(options, 'POST', `/${encodeURIComponent(lab)}/exercises/${encodeURIComponent(n)}/answers`, { goal, value });
  const exercise = json.exercise as ExerciseView;
  if (options.json) out.write(JSON.stringify(json, null, 2) + '\n');
  else out.write(renderLabs([{ id: lab, title: `exercise ${exercise.n}`, exercises: [exercise] }]) + '\n');
  const answered = exercise.goals?.find((g) => (g as { id?: string }).id === goal);
  return answered?.done ? 0 : 1;
}

/** Problems the user fixes (fedlab not running, unknown exercise): a message, exit 2. */
export function isLabCommandError(error: unknown): error is Error {
  return error instanceof LabCommandError;
}
