import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Raised when a state file exists but cannot be read back: never silently reset. */
export class CorruptStateError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`state file ${file} is corrupt (${reason}); fix or delete it`);
    this.name = 'CorruptStateError';
  }
}

/**
 * JSON documents under the state dir, or in memory when there is none.
 * Writes are atomic (temp file + fsync + rename): a crash leaves the old or the new file, never half.
 */
export interface StateStore {
  readonly dir: string | undefined;
  /** Set when the documents live in the replicas' shared store (its location). */
  readonly shared?: string;
  read<T>(name: string): T | undefined;
  write(name: string, value: unknown): void;
  /** `listener` runs after another replica changed the document (read() already returns it). */
  watch?(name: string, listener: () => void): void;
}

export function createStateStore(dir?: string): StateStore {
  const memory = new Map<string, string>();
  return {
    dir,
    read<T>(name: string): T | undefined {
      let text: string;
      if (!dir) {
        const held = memory.get(name);
        if (held === undefined) return undefined;
        text = held;
      } else {
        const file = join(dir, name);
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw error;
        }
        try {
          return JSON.parse(text) as T;
        } catch (error) {
          throw new CorruptStateError(file, (error as Error).message);
        }
      }
      return JSON.parse(text) as T;
    },
    write(name, value) {
      const text = JSON.stringify(value, null, 2) + '\n';
      if (!dir) {
        memory.set(name, text);
        return;
      }
      const file = join(dir, name);
      mkdirSync(dirname(file), { recursive: true });
      const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(temp, text, { mode: 0o600 });
      const fd = openSync(temp, 'r');
      fsyncSync(fd);
      closeSync(fd);
      renameSync(temp, file);
    },
  };
}

/** What a state dir holds besides documents: files for people and other commands. */
const NOT_DOCUMENTS = new Set(['urls.json', 'attendees.json']);

/**
 * Every document under `dir` (name → JSON text), as `read` would find them: `.json` files, not
 * the state of other configurations (`configs/`) nor what the CLI writes for other commands.
 */
export function listDocuments(dir: string, skip: readonly string[] = ['configs']): Map<string, string> {
  const documents = new Map<string, string>();
  const walk = (at: string) => {
    let entries;
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const path = join(at, entry.name);
      const name = relative(dir, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!skip.includes(name)) walk(path);
      } else if (entry.name.endsWith('.json') && !NOT_DOCUMENTS.has(name)) {
        const text = readFileSync(path, 'utf8');
        try {
          JSON.parse(text);
        } catch (error) {
          throw new CorruptStateError(path, (error as Error).message);
        }
        documents.set(name, text);
      }
    }
  };
  walk(dir);
  return documents;
}
