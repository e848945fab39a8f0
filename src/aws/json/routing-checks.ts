import { CheckFailure, type Check } from '../../core/checks.js';
import type { JsonOperation } from './operation.js';

export interface JsonRoutingContext {
  readonly target: string;
  readonly body: Buffer;
  readonly operations: ReadonlyMap<string, JsonOperation>;
  operation?: JsonOperation;
  input?: Record<string, unknown>;
}

const operationKnown: Check<JsonRoutingContext> = {
  name: 'target-known',
  run(ctx) {
    ctx.operation = ctx.operations.get(ctx.target);
    if (!ctx.operation) throw new CheckFailure('UnknownOperationException', `Operation ${ctx.target} is not supported.`, 400);
  },
};

/** The body is one JSON object (an empty body reads as `{}`, as the services accept it). */
const bodyIsJsonObject: Check<JsonRoutingContext> = {
  name: 'body-json',
  run(ctx) {
    const text = ctx.body.toString('utf8').trim();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new CheckFailure('SerializationException', 'Start of structure or map found where not expected.', 400);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CheckFailure('SerializationException', 'Start of structure or map found where not expected.', 400);
    ctx.input = parsed as Record<string, unknown>;
  },
};

export const JSON_ROUTING_CHECKS: readonly Check<JsonRoutingContext>[] = [operationKnown, bodyIsJsonObject];

/** SigV4 refusals under the names JSON services give them (awsQuery's InvalidClientTokenId is UnrecognizedClientException here). */
export const JSON_AUTHN_CODES: Readonly<Record<string, string>> = {
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  IncompleteSignature: 'IncompleteSignatureException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
  RequestExpired: 'InvalidSignatureException',
  InvalidClientTokenId: 'UnrecognizedClientException',
  ExpiredToken: 'ExpiredTokenException',
  XAmzContentSHA256Mismatch: 'InvalidSignatureException',
};
