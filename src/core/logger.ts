import { pino, type Logger } from 'pino';

export type { Logger };

/** Secrets never reach a log line: credentials, assertions and tokens are redacted by default. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-amz-security-token"]',
  'req.headers.cookie',
  '*.client_assertion',
  '*.client_secret',
  '*.subject_token',
  '*.actor_token',
  '*.access_token',
  '*.assertion',
  '*.token',
  '*.secretAccessKey',
  '*.sessionToken',
];

export interface LoggerOptions {
  level?: string;
  /** File descriptor or path; default stderr so stdout stays for human output. */
  destination?: number | string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.FEDLAB_LOG_LEVEL ?? 'info';
  if (level === 'silent') return pino({ level: 'silent' });
  const destination = pino.destination({ dest: options.destination ?? 2, sync: false });
  return pino({ level, base: { app: 'fedlab' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
