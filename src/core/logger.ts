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

type Destination = ReturnType<typeof pino.destination>;
const destinations = new WeakMap<Logger, Destination>();

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.FEDLAB_LOG_LEVEL ?? 'info';
  if (level === 'silent') return pino({ level: 'silent' });
  const destination = pino.destination({ dest: options.destination ?? 2, sync: false });
  const logger = pino({ level, base: { app: 'fedlab' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
  destinations.set(logger, destination);
  return logger;
}

/**
 * Waits (at most `timeoutMs`) until every log line written so far has reached the destination or
 * the destination has failed, then makes the exit-time flush a no-op. That flush (sonic-boom's
 * flushSync) retries a failed write without end, EPIPE included: with the reader of stderr gone
 * it would keep the process alive for ever after `process.exit()`.
 */
export function drainLogger(logger: Logger, timeoutMs = 1000): Promise<void> {
  const destination = destinations.get(logger);
  if (!destination) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      clearInterval(poll);
      destination.flushSync = () => {};
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const poll = setInterval(() => idle(destination) && done(), 10);
    destination.once('error', done);
    if (idle(destination)) done();
  });
}

/** Bytes handed to the destination and not yet written (sonic-boom counts them in `_len`). */
function idle(destination: Destination): boolean {
  const internals = destination as unknown as { _len?: number; _writing?: boolean };
  return internals._len === 0 && internals._writing === false;
}
