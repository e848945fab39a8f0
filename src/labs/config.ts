import { z } from 'zod';

/**
 * `labs:` in the configuration: the lab courses (ids of `*.lab.yaml` in the labs folder) this
 * fedlab checks. Without it (and without `--labs`) there is no labs panel and no `/api/labs`: a
 * checklist on a configuration it was not written for would name roles and secrets that are not there.
 */
export const labsConfigSchema = z.strictObject({
  courses: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a lab id such as federation-101')).min(1, 'name at least one course'),
});

export type LabsConfig = z.output<typeof labsConfigSchema>;
