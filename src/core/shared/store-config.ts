import { z } from 'zod';

/** `store:` in the configuration and `--store`: a Redis URL whose path, if any, is a database number. */
export const storeUrlSchema = z.string().superRefine((raw, ctx) => {
  const problem = storeUrlProblem(raw);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export function storeUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `expected redis://host:port/db or rediss://…, got '${raw}'`;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `only redis:// and rediss:// stores are supported, got '${url.protocol}'`;
  if (url.pathname.length > 1 && !/^\/\d+$/.test(url.pathname)) return `the path must be a database number (redis://host:port/0), got '${url.pathname}'`;
  return undefined;
}
