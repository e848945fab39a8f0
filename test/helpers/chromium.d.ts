export function chromiumCandidates(platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv): string[];
export function findChromium(options?: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; exists?: (path: string) => boolean }): string | undefined;
export function missingChromiumMessage(platform?: NodeJS.Platform, env?: NodeJS.ProcessEnv): string;
