import type { Response } from 'express';

/** A refusal in Azure Resource Manager's envelope: `{"error":{"code","message"}}`. */
export class ArmError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ArmError';
  }
}

export function sendArmError(res: Response, error: ArmError): void {
  res.status(error.status).json({ error: { code: error.code, message: error.message } });
}
