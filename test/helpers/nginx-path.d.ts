export function findNginx(options?: { env?: NodeJS.ProcessEnv; exists?: (path: string) => boolean }): string | undefined;
export function missingNginxMessage(env?: NodeJS.ProcessEnv): string;
