import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/core/config/config-error.js';
import { loadLabFile, loadLabsDir, pageOf, parseLabDefinition } from '../../src/labs/load-lab.js';

const here = fileURLToPath(new URL('.', import.meta.url));

test('the shipped course loads: at least seven exercises, each with goals and an existing page', () => {
  const labs = loadLabsDir();
  const course = labs.find((l) => l.definition.id === 'federation-101')!;
  expect(course.definition.exercises.length).toBeGreaterThanOrEqual(7);
  for (const exercise of course.definition.exercises) {
    expect(exercise.goals.length).toBeGreaterThan(0);
    expect(existsSync(pageOf(course, exercise.page))).toBe(true);
  }
});

test('a custom lab definition from a fixture loads with its goals as data', () => {
  const { definition } = loadLabFile(join(here, 'fixtures/custom/custom.lab.yaml'));
  expect(definition.exercises[0]!.goals[0]).toMatchObject({ event: 'token-minted', where: { alg: 'ES384', audience: 'api://fedlab-orders' } });
  expect(definition.exercises[0]!.start).toEqual({ federatedCredentials: 'keep', faults: 'clear' });
});

test('a malformed definition is refused with the path of every error', () => {
  let error: unknown;
  try {
    loadLabFile(join(here, 'fixtures/malformed/malformed.lab.yaml'));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const problems = (error as ConfigError).problems.join('\n');
  expect(problems).toContain('exercises[0].goals[0].where.principal: unknown variable {{princpal}}');
  expect(problems).toMatch(/exercises\[0\]\.goals\[0\]\.where\.alg(\.matches)?: .*not a regular expression/);
  expect(problems).toContain('exercises[0].goals[1]: a goal has exactly one of event, sequence, answer (found event, answer)');
  expect(problems).toContain('exercises[1].page: expected a relative path to a .md file');
  expect(problems).toContain('exercises[1].goals[0].sequence: a sequence has at least two steps');
  expect((error as ConfigError).message).toContain('malformed.lab.yaml');
});

test('unknown keys and missing fields name their place', () => {
  expect(() => parseLabDefinition({ id: 'x', title: 'X', exercises: [{ id: 'a', title: 'A', page: 'a.md', goals: [{ id: 'g', description: 'd', event: 'token-minted', colour: 'red' }] }] })).toThrow(
    /exercises\[0\]\.goals\[0\]: unknown key 'colour'/,
  );
  expect(() => parseLabDefinition({ id: 'x', title: 'X', exercises: [] })).toThrow(/exercises: a lab has at least one exercise/);
});
