import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFile, validateConfig } from '../core/config/load-config.js';
import { labDefinitionSchema, type LabDefinition } from './definition.js';

/** A loaded definition and where its pages live. */
export interface LoadedLab {
  definition: LabDefinition;
  file: string | undefined;
}

/** The course shipped in labs/. */
export const DEFAULT_LABS_DIR = fileURLToPath(new URL('../../labs', import.meta.url));

/** A YAML (or JSON) lab definition; errors are ConfigErrors naming the key path, like the config's. */
export function loadLabFile(file: string): LoadedLab {
  return { definition: loadConfigFile(labDefinitionSchema, file), file: resolve(file) };
}

export function parseLabDefinition(raw: unknown): LoadedLab {
  return { definition: validateConfig(labDefinitionSchema, raw), file: undefined };
}

/** Every `*.lab.yaml` of a folder, in name order; lab ids must be unique. */
export function loadLabsDir(dir: string = DEFAULT_LABS_DIR): LoadedLab[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.lab.yaml'))
    .sort();
  const labs = files.map((name) => loadLabFile(join(dir, name)));
  const ids = new Set<string>();
  for (const lab of labs) {
    if (ids.has(lab.definition.id)) throw new Error(`two lab definitions in ${dir} have the id ${lab.definition.id}`);
    ids.add(lab.definition.id);
  }
  return labs;
}

/** Absolute path of an exercise's Markdown page. */
export const pageOf = (lab: LoadedLab, page: string) => (lab.file ? join(dirname(lab.file), page) : page);
