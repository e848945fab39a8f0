import type { Request, Response } from 'express';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import { sendArmError, type ArmError } from '../errors.js';

/** Refuse a request on behalf of a named check: header, event, log line, ARM error body. */
export type Reject = (req: Request, res: Response, error: ArmError, failedCheck: string, detail?: Record<string, unknown>) => void;

export function createReject(events: EventBus, logger: Logger): Reject {
  return (req, res, error, failedCheck, detail = {}) => {
    res.setHeader('x-fedlab-failed-check', failedCheck);
    events.publish({ party: 'arm', type: 'request-rejected', method: req.method, path: req.path, status: error.status, code: error.code, failedCheck, message: error.message, ...detail });
    logger.info({ method: req.method, path: req.path, status: error.status, failedCheck }, 'request rejected');
    sendArmError(res, error);
  };
}
