import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { Output } from './token.js';

/** The input is not a compact JWT (exit code 2). */
export class UnreadableToken extends Error {}

export interface TimeClaim {
  claim: 'iat' | 'exp' | 'nbf';
  value: unknown;
  /** e.g. `2026-11-28T15:04:52Z (in 4 min)`, or why it cannot be read. */
  human: string;
}

export interface DecodedToken {
  header: ProtectedHeaderParameters;
  claims: JWTPayload;
  times: TimeClaim[];
}

function span(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} days`;
}

export function relativeTime(claim: TimeClaim['claim'], at: number, nowSeconds: number): string {
  const delta = at - nowSeconds;
  if (claim === 'exp') return delta > 0 ? `in ${span(delta)}` : `expired ${span(-delta)} ago`;
  if (delta === 0) return 'now';
  return delta > 0 ? `in ${span(delta)}` : `${span(-delta)} ago`;
}

function timeClaim(claim: TimeClaim['claim'], value: unknown, nowSeconds: number): TimeClaim {
  if (value === undefined) return { claim, value, human: 'not present' };
  if (typeof value !== 'number' || !Number.isFinite(value)) return { claim, value, human: `not a NumericDate: ${JSON.stringify(value)}` };
  const iso = new Date(value * 1000).toISOString().replace(/\.000Z$/, 'Z');
  return { claim, value, human: `${iso} (${relativeTime(claim, value, nowSeconds)})` };
}

/** Decode without verifying: header, claims, and the times in human form. */
export function decodeToken(input: string, nowSeconds: number): DecodedToken {
  const token = input.trim();
  if (!token) throw new UnreadableToken('no token given');
  let header: ProtectedHeaderParameters;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch (error) {
    const parts = token.split('.').length;
    throw new UnreadableToken(`not a JWT (expected header.payload.signature, got ${parts} part${parts === 1 ? '' : 's'}): ${(error as Error).message}`);
  }
  return { header, claims, times: (['iat', 'exp', 'nbf'] as const).map((claim) => timeClaim(claim, claims[claim], nowSeconds)) };
}

export function renderDecoded(decoded: DecodedToken): string {
  return [
    'Header (not verified):',
    JSON.stringify(decoded.header, null, 2),
    '',
    'Claims (not verified):',
    JSON.stringify(decoded.claims, null, 2),
    '',
    'Times:',
    ...decoded.times.map((t) => `  ${t.claim}  ${t.human}`),
    '',
  ].join('\n');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

/** `fedlab decode TOKEN` (or `-` to read it from stdin). */
export async function runDecode(
  tokenArgument: string,
  io: { stdin?: NodeJS.ReadableStream; stdout?: Output; stderr?: Output } = {},
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<number> {
  const { stdin = process.stdin, stdout = process.stdout, stderr = process.stderr } = io;
  try {
    const input = tokenArgument === '-' ? await readAll(stdin) : tokenArgument;
    stdout.write(renderDecoded(decodeToken(input, nowSeconds)));
    return 0;
  } catch (error) {
    if (!(error instanceof UnreadableToken)) throw error;
    stderr.write(`fedlab decode: ${error.message}\n`);
    return 2;
  }
}
