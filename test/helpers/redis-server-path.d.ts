export function findRedisServer(options?: { env?: NodeJS.ProcessEnv; exists?: (path: string) => boolean }): string | undefined;
export function missingRedisMessage(env?: NodeJS.ProcessEnv): string;
