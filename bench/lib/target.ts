export type ServerKind = 'fedlab' | 'peer' | 'floor';

/** One request, sent over and over by every connection. */
export interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Headers that change during a run (re-signed SigV4); replace `headers` per request. */
  currentHeaders?: () => Record<string, string>;
  /** PEM to trust for an https url. */
  ca?: string;
  /** The server's process, for its CPU time per request (set when the server is started). */
  serverPid?: number;
}

export interface Target {
  id: string;
  server: ServerKind;
  /** What one request makes the server do. */
  work: string;
  request: LoadRequest;
  /** The problem with a probe response, or undefined when it is the success it should be. */
  checkResponse(status: number, body: string): string | undefined;
}

/** A target that cannot run in this checkout, and why. */
export interface UnavailableTarget {
  id: string;
  server: ServerKind;
  work: string;
  unavailable: string;
}

export const FORM = 'application/x-www-form-urlencoded';

export function expectAccessToken(status: number, body: string): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 300)}`;
  return body.includes('"access_token"') ? undefined : `HTTP 200 without access_token: ${body.slice(0, 300)}`;
}
