import type { Response } from 'express';

/** A refusal of a `/_fedlab/*` request: `{"error":{"code","message"}}` with a 4xx status. */
export class ControlError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ControlError';
  }
}

export function sendControlError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
