import type { Response } from 'express';

/** A refusal in Azure Resource Manager's envelope: `{"error":{"code","message"}}`. */
export class ArmError extends Error {
  /** `check`: the named check that refused the request (x-fedlab-failed-check, the rejection event). */
  constructor(readonly status: number, readonly code: string, message: string, readonly check?: string) {
    super(message);
    this.name = 'ArmError';
  }
}

export function sendArmError(res: Response, error: ArmError): void {
  res.status(error.status).json({ error: { code: error.code, message: error.message } });
}
