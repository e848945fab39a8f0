import type { Request, Response } from 'express';
import type { EntraRuntime } from '../runtime.js';
import type { GraphCaller } from './auth/graph-caller.js';
import type { GraphTarget } from './graph-path.js';

/** One authenticated Graph request, as every action receives it. */
export interface GraphRequest<K extends GraphTarget['kind'] = GraphTarget['kind']> {
  readonly runtime: EntraRuntime;
  readonly req: Request;
  readonly res: Response;
  readonly caller: GraphCaller;
  readonly target: Extract<GraphTarget, { kind: K }>;
  /** One instant for the whole request (the party's clock). */
  readonly now: Date;
}

export type GraphAction<K extends GraphTarget['kind']> = (request: GraphRequest<K>) => void | Promise<void>;
