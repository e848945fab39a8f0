import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/** What the driver reads of the course as written: the lab definition, its pages, the lab configuration's keys. */
export interface CoursePlan {
  labId: string;
  /** The repository root (pages name their files from it: `labs/federation-101/08/...`). */
  root: string;
  exercises: { n: number; id: string; page: string; goals: string[] }[];
  /** The keys the pages export, by access key id: whose they are in the lab configuration. */
  pageKeys: Map<string, { arn: string; accessKeyId: string; secretAccessKey: string; accountId: string }>;
}

interface LabYaml {
  id: string;
  exercises: { id: string; page: string; goals: { id: string }[] }[];
}
interface ConfigYaml {
  aws: { accounts: { id: string; principals: { arn: string; accessKeyId: string; secretAccessKey: string }[] }[] };
}

export function loadCoursePlan(root: string, lab = 'federation-101'): CoursePlan {
  const file = join(root, 'labs', `${lab}.lab.yaml`);
  const definition = parse(readFileSync(file, 'utf8')) as LabYaml;
  const config = parse(readFileSync(join(root, 'labs/fedlab-lab.yaml'), 'utf8')) as ConfigYaml;
  const dir = dirname(file);
  const pageKeys = new Map(config.aws.accounts.flatMap((a) => a.principals.map((p) => [p.accessKeyId, { ...p, accountId: a.id }] as const)));
  return {
    labId: definition.id,
    root,
    exercises: definition.exercises.map((e, i) => ({ n: i + 1, id: e.id, page: readFileSync(join(dir, e.page), 'utf8'), goals: e.goals.map((g) => g.id) })),
    pageKeys,
  };
}

/** `role/lab-restricted` of an ARN: the same principal in every attendee's copy of the account. */
export const principalName = (arn: string) => arn.replace(/^arn:[^:]+:iam::\d{12}:/, '');
