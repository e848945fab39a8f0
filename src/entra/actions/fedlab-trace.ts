import type { Request, Response } from 'express';
import type { EntraRuntime } from '../runtime.js';

/** `GET /_fedlab/traces/{correlationId}`: which checks ran for a recent token request (fedlab only). */
export function fedlabTrace(runtime: EntraRuntime) {
  return (req: Request<{ correlationId: string }>, res: Response): void => {
    const entry = runtime.traces.get(req.params.correlationId);
    res.setHeader('Cache-Control', 'no-store');
    if (!entry) {
      res.status(404).json({ error: 'not_found', message: `no recent token request with correlation id ${req.params.correlationId}` });
      return;
    }
    res.json(entry);
  };
}
