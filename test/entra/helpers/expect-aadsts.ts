import { expect } from '@jest/globals';

export interface ExpectedRejection {
  status: number;
  error: string;
  code: number;
  check: string;
  /** The message after `AADSTSnnnn: `, up to the trace trailer. */
  message: RegExp;
}

const TRAILER = / Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/;

/** Entra's error body and fedlab's failed-check header, as every rejection must carry them. */
export function expectAadsts(response: { status: number; headers: Headers; body: any }, expected: ExpectedRejection): void {
  const { body, headers } = response;
  expect({ status: response.status, error: body?.error, error_codes: body?.error_codes, check: headers.get('x-fedlab-failed-check') }).toEqual({
    status: expected.status,
    error: expected.error,
    error_codes: [expected.code],
    check: expected.check,
  });
  expect(body.error_description).toMatch(TRAILER);
  const message = body.error_description.replace(TRAILER, '');
  expect(message.startsWith(`AADSTS${expected.code}: `)).toBe(true);
  expect(message.slice(`AADSTS${expected.code}: `.length)).toMatch(expected.message);
  expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.error_uri).toBe(`https://login.microsoftonline.com/error?code=${expected.code}`);
  expect(body.access_token).toBeUndefined();
  expect(headers.get('cache-control')).toContain('no-store');
  expect(headers.get('content-type')).toMatch(/^application\/json/);
}
