import { fileURLToPath } from 'node:url';

/**
 * The page's files (HTML, ES modules, CSS: no build step). This module sits one level below the
 * package root both as src/console/*.ts and as dist/console/*.js, so one relative URL finds them.
 */
export const PUBLIC_DIR = fileURLToPath(new URL('../../src/console/public/', import.meta.url));
