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

/** What the user must fix (fedlab not running, unknown exercise): printed as a plain message. */
export class LabCommandError extends Error {}

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

/** One call to the labs API of the console named in the urls file; its refusals become LabCommandErrors. */
export async function callLabsApi(options: LabCommandOptions, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
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
