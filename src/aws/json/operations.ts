import { lookupEvents } from '../cloudtrail/lookup-events.js';
import { operationsByTarget, type JsonOperation } from './operation.js';

/** X-Amz-Target → operation: everything fedlab answers in AWS JSON 1.1. */
export const JSON_OPERATIONS: ReadonlyMap<string, JsonOperation> = operationsByTarget([lookupEvents]);
