import type { ChildProcess } from 'node:child_process';
export function freePort(): Promise<number>;
export function launchRedis(executable: string, port: number, dir: string): Promise<ChildProcess>;
