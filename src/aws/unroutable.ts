import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendJsonError } from './json/respond.js';

/** A JSON-protocol request: it names its operation in X-Amz-Target or sends an AWS JSON body. */
const isJsonProtocol = (target: unknown, contentType: string | undefined) => target !== undefined || /^application\/x-amz-json-1\.[01]\b/i.test(contentType ?? '');

/**
 * Requests no route of the AWS listener takes (another method or path than `POST /`): a JSON
 * protocol request gets AWS JSON's UnknownOperationException, anything else goes to the awsQuery
 * handler, which reads a GET's parameters from the query string and answers in awsQuery's XML
 * (MissingAction, InvalidAction, MissingAuthenticationToken... as STS does).
 */
export function unroutable(query: RequestHandler): RequestHandler {
  return (req, res, next) => {
    res.locals.unroutable = true;
    if (!isJsonProtocol(req.headers['x-amz-target'], req.headers['content-type'])) return query(req, res, next);
    sendJsonError(res, 400, 'UnknownOperationException', `AWS JSON operations are POST /; no operation at ${req.method} ${req.path}`, randomUUID(), ['route']);
  };
}
