import { readFileSync } from 'node:fs';
import { AADSTS, type AadstsEntry } from '../../src/entra/errors/aadsts-catalogue.js';

/**
 * docs/deviations-entra.md, "Error messages: confidence", has one row per catalogue code: its `error`,
 * status, the start of its message, a confidence and a source. A new code, or a changed status or text,
 * must come with its row, or this fails.
 */
const SECTION = '## Error messages: confidence';
const CONFIDENCES = ['verified', 'third-party', "fedlab's own wording"];

interface Row {
  code: number;
  error: string;
  status: number;
  message: string;
  confidence: string;
  source: string;
}

function confidenceRows(): Row[] {
  const doc = readFileSync(new URL('../../docs/deviations-entra.md', import.meta.url), 'utf8');
  const start = doc.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`docs/deviations-entra.md has no "${SECTION}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  return section
    .split('\n')
    .filter((line) => /^\| \d+ \|/.test(line))
    .map((line) => {
      const cells = line.slice(1, -1).split(' | ').map((cell) => cell.trim());
      if (cells.length !== 6) throw new Error(`a row of ${cells.length} cells, not 6: ${line}`);
      const [code, error, status, message, confidence, source] = cells as [string, string, string, string, string, string];
      return { code: Number(code), error, status: Number(status), message, confidence, source };
    });
}

const rows = confidenceRows();
const catalogue = Object.entries(AADSTS).map(([code, entry]) => ({ code: Number(code), ...(entry as AadstsEntry) }));

test('every catalogue code has exactly one row, and the table names no other code', () => {
  const codes = rows.map((row) => row.code);
  expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
  expect([...codes].sort((a, b) => a - b)).toEqual(catalogue.map((entry) => entry.code).sort((a, b) => a - b));
});

test.each(catalogue)('AADSTS$code: the row gives the catalogue’s error, status and the start of its message', ({ code, error, status, template }) => {
  const row = rows.find((r) => r.code === code)!;
  expect({ error: row.error, status: row.status }).toEqual({ error, status });
  const quoted = /^`(.+)`$/.exec(row.message);
  expect(quoted).not.toBeNull();
  const shown = quoted![1]!;
  if (shown.endsWith('…')) {
    const start = shown.slice(0, -1).trimEnd();
    expect(start.length).toBeGreaterThan(10);
    expect(template.startsWith(start)).toBe(true);
  } else {
    expect(shown).toBe(template);
  }
});

test.each(rows.map((row) => [row.code, row] as const))('AADSTS%s: a known confidence, with the address of its source', (_code, row) => {
  expect(CONFIDENCES).toContain(row.confidence);
  expect(row.source.length).toBeGreaterThan(0);
  // A Microsoft page always has an address; a third-party quote has one or says it has none.
  if (row.confidence === 'verified') expect(row.source).toMatch(/https:\/\/\S+/);
  if (row.confidence === 'third-party') expect(row.source).toMatch(/https:\/\/\S+|no public address/);
});
