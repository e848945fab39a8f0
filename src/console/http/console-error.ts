import type { Response } from 'express';

/** A refusal of the console's own API, sent as `{"error":{"code","message"}}` like fedlab's /_fedlab endpoints. */
export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

export function sendConsoleError(res: Response, error: ConsoleError): void {
  res.status(error.status).json({ error: { code: error.code, message: error.message } });
}

export const badInput = (message: string) => new ConsoleError(400, 'invalid_input', message);
