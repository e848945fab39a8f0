import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@jest/globals';
import { caseRows, renderBatteryTable } from './cases/render-table.js';

const DOC = new URL('../../docs/security.md', import.meta.url);
const START = '<!-- battery:start (generated from test/security/cases; UPDATE_SECURITY_DOC=1 to refresh) -->';
const END = '<!-- battery:end -->';

test('docs/security.md lists exactly the cases the battery runs', () => {
  const doc = readFileSync(DOC, 'utf8');
  const [before, rest] = doc.split(START);
  const after = rest!.split(END)[1]!;
  const table = `${START}\n${renderBatteryTable()}\n${END}`;
  if (process.env.UPDATE_SECURITY_DOC === '1') writeFileSync(DOC, `${before}${table}${after}`);
  else expect(`${START}${rest!.split(END)[0]}${END}`).toBe(table);
});

test('every case id is unique and the battery is well over 50 cases', () => {
  const ids = caseRows().map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBeGreaterThan(80);
});
