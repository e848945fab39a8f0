import { timingSafeEqual } from 'node:crypto';
import express, { type Response } from 'express';
import { CheckFailure } from '../../core/checks.js';
import { drainBodyWithin, UNREAD_BODY_LIMIT_BYTES } from '../../core/http/unread-body.js';
import type { AwsRuntime } from '../runtime.js';
import type { EcsTaskRegistry } from './task-registry.js';

const sameToken = (given: string, expected: string) => given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/**
 * The container credentials endpoint, as the ECS agent serves it: `GET /v2/credentials/<id>`
 * answers the task role's `{RoleArn, AccessKeyId, SecretAccessKey, Token, Expiration}`; an
 * unknown id is the agent's 400 `InvalidIdInRequest`. Every local process can reach this
 * listener, so the request must also carry the task's authorization token (what the SDKs send
 * from AWS_CONTAINER_AUTHORIZATION_TOKEN), as the EKS Pod Identity Agent requires one.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
 */
export function createContainerCredentialsApp(party: AwsRuntime, tasks: EcsTaskRegistry): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  const refuse = (res: Response, status: number, check: string, code: string, message: string) => {
    party.ctx.events.publish({ party: 'aws', type: 'container-credentials-rejected', status, failedCheck: check });
    res.setHeader('x-fedlab-failed-check', check);
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).json({ code, message, HTTPErrorCode: status });
  };

  // The endpoint reads no body: a large one is refused before any route, the connection closed.
  app.use((req, res, next) => {
    void drainBodyWithin(req).then((within) => {
      if (within) return next();
      res.setHeader('Connection', 'close');
      refuse(res, 413, 'body-size', 'RequestEntityTooLarge', `the request body is larger than ${UNREAD_BODY_LIMIT_BYTES / 1024} KiB (this endpoint reads none)`);
    });
  });

  app.get('/v2/credentials/:id', (req, res) => {
    const entry = tasks.byCredentialsId(req.params.id);
    if (!entry) return refuse(res, 400, 'credentials-id', 'InvalidIdInRequest', 'CredentialsV2Request: Credentials not found');
    if (!sameToken(String(req.headers.authorization ?? ''), entry.authorizationToken)) {
      return refuse(res, 401, 'authorization-token', 'InvalidAuthorizationToken', 'CredentialsV2Request: the Authorization header is not the task\'s AWS_CONTAINER_AUTHORIZATION_TOKEN');
    }
    try {
      const c = entry.credentials(party);
      res.setHeader('Cache-Control', 'no-store');
      res.status(200).json({ RoleArn: entry.task.roleArn, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration: c.expiration });
    } catch (error) {
      if (!(error instanceof CheckFailure)) throw error;
      refuse(res, 400, 'task-role-trust', error.code, error.message);
    }
  });
  app.use((req, res) => refuse(res, req.method === 'GET' ? 404 : 405, 'route', 'NotFound', `${req.method} ${req.path} is not a container credentials path (GET /v2/credentials/<id>)`));
  return app;
}
