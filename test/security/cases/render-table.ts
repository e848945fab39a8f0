import { AADSTS, type AadstsCode } from '../../../src/entra/errors/aadsts-catalogue.js';
import type { Expected } from '../helpers/expect-answer.js';
import { CLAIMS_CASES } from './claims-cases.js';
import { ENCODING_CASES } from './encoding-cases.js';
import { ENDPOINT_CASES } from './endpoint-cases.js';
import { KEY_CASES } from './key-cases.js';
import { NOT_APPLICABLE } from './not-applicable.js';
import { SIGNATURE_CASES } from './signature-cases.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function answerOf(e: Expected): string {
  const parts: string[] = [];
  if (e.entra === 'accept') parts.push('CA, TE, MI: ACCEPT');
  else if (e.entra !== undefined) {
    const entry = AADSTS[e.entra as AadstsCode];
    parts.push(`CA, MI: ${entry.status} ${entry.error} AADSTS${e.entra}; TE: 400 invalid_request AADSTS${e.entra}`);
  }
  if (e.vault !== undefined) parts.push(e.vault === 'accept' ? 'vault: ACCEPT' : `vault: 401 Unauthorized (${e.vault})`);
  if (e.graph !== undefined) parts.push(e.graph === 'accept' ? 'Graph: ACCEPT' : `Graph: 401 InvalidAuthenticationToken (${e.graph})`);
  return parts.join('; ');
}

export interface CaseRow {
  id: string;
  title: string;
  test: string;
  craft: string;
  answer: string;
}

/** Every case of the battery, from the same data the tests run. */
export function caseRows(): CaseRow[] {
  const token = [...SIGNATURE_CASES, ...CLAIMS_CASES, ...ENCODING_CASES].map((c) => ({ id: c.id, title: c.title, test: 'token-battery', craft: c.craft, answer: answerOf(c.expect) + (c.fetches ? ' (a refetch allowed)' : '; no outbound fetch') }));
  const keys = KEY_CASES.map((c) => ({ id: c.id, title: c.title, test: 'key-battery', craft: c.craft, answer: `${c.paths}: ${c.answer}` }));
  const endpoint = ENDPOINT_CASES.map((c) => ({ id: c.id, title: c.title, test: 'endpoint-battery', craft: c.craft, answer: `${c.paths}: ${c.answer}` }));
  const order = (id: string) => id.replace(/^V-/, 'Z-').replace(/^AWS-/, 'ZZ-');
  return [...token, ...keys, ...endpoint].sort((a, b) => order(a.id).localeCompare(order(b.id), 'en', { numeric: true }));
}

export function renderBatteryTable(): string {
  const rows = caseRows();
  const lines = [
    `${rows.length} cases run (plus AWS-01 to AWS-03 and the fuzz targets); ${NOT_APPLICABLE.length} battery cases not run as such.`,
    '',
    '| Case | What | Test (`test/security/…`) | How it is crafted | Answer |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.id} | ${cell(r.title)} | ${r.test}.test.ts › ${r.id} | ${cell(r.craft)} | ${cell(r.answer)} |`),
    '',
    '### Cases not run as such',
    '',
    '| Case | What | Why |',
    '|---|---|---|',
    ...NOT_APPLICABLE.map((n) => `| ${n.id} | ${cell(n.title)} | ${cell(n.why)} |`),
  ];
  return lines.join('\n');
}
