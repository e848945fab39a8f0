import { readFileSync } from 'node:fs';
import { runCli } from './helpers/run-cli.js';

/** Every command of the built CLI (`npm run build` first) and every flag its --help lists is in README's commands table. */
const COMMANDS = ['start', 'env', 'ca', 'demo', 'token', 'lab status', 'lab reset', 'lab answer', 'lab env'];

const rows = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('| `fedlab '));

test.each(COMMANDS)("README's commands table lists every flag of `fedlab %s`", async (command) => {
  const words = command.split(' ');
  const help = await runCli([...words, '--help']);
  expect(help.code).toBe(0);
  const flags = [...new Set([...help.stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!))].filter((f) => f !== '--help');
  expect(flags.length).toBeGreaterThan(0);
  // `fedlab lab status … | reset N | answer …` share one row; a command's rows are those naming it.
  const own = rows.filter((row) => row.startsWith(`| \`fedlab ${words.join(' ')}`) || (words[0] === 'lab' && words[1] !== 'env' && row.startsWith('| `fedlab lab status')));
  expect(own.length).toBeGreaterThan(0);
  expect(flags.filter((flag) => !own.some((row) => row.includes(flag)))).toEqual([]);
});
