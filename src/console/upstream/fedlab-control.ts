import type { Response } from 'express';
import { ConsoleError } from '../http/console-error.js';
import { controlHeaders, requireParty, type ConsoleRuntime } from '../runtime.js';

export interface ControlAnswer {
  status: number;
  json: unknown;
}

/**
 * A call to a party's `/_fedlab/*` runtime control. A party without that route answers its own
 * plain 404 (no `{"error":{...}}` object): that is "runtime control unavailable", not "not found".
 */
export async function fedlabControl(runtime: ConsoleRuntime, party: string, method: string, path: string, body?: unknown): Promise<ControlAnswer> {
  const base = requireParty(runtime, party);
  // A POST to /_fedlab/* must be JSON (the cross-site gate), even when it carries no options.
  if (body === undefined && method === 'POST') body = {};
  const response = await runtime.client.request(`${base}/_fedlab${path}`, {
    method,
    headers: { ...controlHeaders(runtime), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const error = (response.json as { error?: unknown } | undefined)?.error;
  if ((response.status === 404 || response.status === 405) && (error === undefined || typeof error !== 'object')) {
    throw new ConsoleError(501, 'runtime_control_unavailable', `the ${party} party does not offer ${method} /_fedlab${path}`);
  }
  return { status: response.status, json: response.json };
}

/** Pass a party's answer through: its status and its JSON (or nothing for 204). */
export function relay(res: Response, answer: ControlAnswer): void {
  if (answer.status === 204 || answer.json === undefined) res.status(answer.status).end();
  else res.status(answer.status).json(answer.json);
}
