import type { Expected } from '../helpers/expect-answer.js';
import type { Kit, SecurityLab } from '../helpers/security-lab.js';

/** One battery case over the token paths: craft one or more tokens, expect one answer per path. */
export interface TokenCase {
  id: string;
  title: string;
  /** How the input is made (for docs/security.md). */
  craft: string;
  make(kit: Kit, lab: SecurityLab): Promise<string[]>;
  expect: Expected;
  /** Outbound issuer fetches this case may cause (default: none; the key sets are cached). */
  fetches?: 'allowed';
}

/** A case run by hand (issuer behaviour, endpoint shape): data for the docs plus its own test. */
export interface ScenarioCase {
  id: string;
  title: string;
  craft: string;
  /** The answer, in words, for docs/security.md. */
  answer: string;
  /** Paths it runs through. */
  paths: string;
  run(lab: SecurityLab): Promise<void>;
}

/** A battery case fedlab does not run, and why. */
export interface NotApplicable {
  id: string;
  title: string;
  why: string;
}
