import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The house's boundaries, read from the import and export-from statements (static and dynamic) of
 * src/**\/*.ts: parties meet only over HTTP, so no party folder imports another; the shared core
 * and the client helpers stand below every party.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PARTIES = ['aws', 'entra', 'vault', 'console', 'proxy', 'arm'];
const ABOVE_CORE = [...PARTIES, 'client', 'demo', 'labs', 'commands'];

interface Edge {
  /** Repository-relative, `/`-separated: `src/aws/sts/router.ts`. */
  from: string;
  to: string;
}

/** `src/aws/...` → `aws`; a file directly in src/ → `src-root`; outside src/ → its top folder. */
function areaOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] !== 'src') return parts[0]!;
  return parts.length > 2 ? parts[1]! : 'src-root';
}

function violation({ from, to }: Edge): string | undefined {
  const source = areaOf(from);
  const target = areaOf(to);
  if (!from.startsWith('src/') || source === target) return undefined;
  if (target === 'test' || target === 'bench') return `src must not import from ${target}/`;
  if (PARTIES.includes(source) && PARTIES.includes(target)) return `party ${source} must not import party ${target}`;
  // The composition files in src/ itself import the parties, so core importing them would too.
  if (source === 'core' && (ABOVE_CORE.includes(target) || target === 'src-root')) return `src/core must not import ${target === 'src-root' ? 'the composition in src/' : `src/${target}`}`;
  if (source === 'client' && PARTIES.includes(target)) return `src/client must not import party ${target}`;
  return undefined;
}

/** Relative specifiers resolved to repository paths (`.js` as written under NodeNext → the `.ts` source). */
function edgesOf(file: string, text: string): Edge[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((ref) => ref.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => ({ from: file, to: posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts') }));
}

function sourceFiles(): string[] {
  return (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[])
    .filter((name) => name.endsWith('.ts'))
    .map((name) => relative(ROOT, join(ROOT, 'src', name)).split('\\').join('/'));
}

test('src/**/*.ts keeps the boundaries between parties, core, client and tests', () => {
  const files = sourceFiles();
  expect(files.length).toBeGreaterThan(100);
  const edges = files.flatMap((file) => edgesOf(file, readFileSync(join(ROOT, file), 'utf8')));
  // The reader must see the real imports, or an empty list of violations proves nothing.
  expect(edges).toContainEqual({ from: 'src/console/index.ts', to: 'src/client/party-client.ts' });
  const problems = edges.flatMap((edge) => {
    const why = violation(edge);
    return why ? [`${edge.from} → ${edge.to}: ${why}`] : [];
  });
  expect(problems).toEqual([]);
});

describe('each rule catches what it forbids', () => {
  const check = (from: string, text: string) => edgesOf(from, text).map(violation);

  test.each([
    ['src/aws/sts/a.ts', "import { x } from '../../entra/b.js';", 'party aws must not import party entra'],
    ['src/entra/a.ts', "export { x } from '../vault/b.js';", 'party entra must not import party vault'],
    ['src/vault/a.ts', "const m = await import('../console/b.js');", 'party vault must not import party console'],
    ['src/console/api/a.ts', "import type { T } from '../../aws/b.js';", 'party console must not import party aws'],
    ['src/core/jwt/a.ts', "import '../../labs/b.js';", 'src/core must not import src/labs'],
    ['src/core/a.ts', "import { c } from '../client/b.js';", 'src/core must not import src/client'],
    ['src/core/a.ts', "import { s } from '../start-parties.js';", 'src/core must not import the composition in src/'],
    ['src/client/a.ts', "import { e } from '../entra/b.js';", 'src/client must not import party entra'],
    ['src/labs/a.ts', "import { h } from '../../test/helpers/b.js';", 'src must not import from test/'],
    ['src/a.ts', "import { r } from '../bench/b.js';", 'src must not import from bench/'],
  ])('%s: %s', (from, text, expected) => {
    expect(check(from, text)).toEqual([expected]);
  });

  test('what the house allows passes', () => {
    expect(check('src/console/a.ts', "import { c } from '../client/b.js'; import { k } from '../core/c.js'; import x from 'express';")).toEqual([undefined, undefined]);
    expect(check('src/labs/a.ts', "import { e } from '../config.js';")).toEqual([undefined]);
    expect(check('src/start-parties.ts', "import { startAws } from './aws/index.js';")).toEqual([undefined]);
  });
});
