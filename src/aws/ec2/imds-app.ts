import { randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { CheckFailure } from '../../core/checks.js';
import { drainBodyWithin } from '../../core/http/unread-body.js';
import type { AwsRuntime } from '../runtime.js';
import type { instanceSessionSource } from './instance-session.js';

const TOKEN_TTL_HEADER = 'x-aws-ec2-metadata-token-ttl-seconds';
const TOKEN_HEADER = 'x-aws-ec2-metadata-token';
const CREDENTIALS_PATH = '/latest/meta-data/iam/security-credentials/';

/**
 * One instance's metadata service, IMDSv2 only (HttpTokens=required): `PUT /latest/api/token`
 * with a TTL of 1 to 21600 seconds gives a session token; every GET must carry it (401
 * otherwise); a PUT carrying X-Forwarded-For is refused (403), as IMDS refuses proxied requests.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-security-credentials.html
 */
export function createImdsApp(party: AwsRuntime, instanceId: string, source: ReturnType<typeof instanceSessionSource>): express.Express {
  const tokens = new Map<string, number>();
  const app = express();
  app.disable('x-powered-by');
  const text = (res: Response, status: number, body: string) => res.status(status).type('text/plain').send(body);
  const refuse = (res: Response, status: number, check: string) => {
    party.ctx.events.publish({ party: 'aws', type: 'imds-rejected', instanceId, status, failedCheck: check });
    res.setHeader('x-fedlab-failed-check', check);
    text(res, status, '');
  };

  // IMDS reads no body: a large one is refused before any route (no token made), the connection closed.
  app.use((req, res, next) => {
    void drainBodyWithin(req).then((within) => {
      if (within) return next();
      res.setHeader('Connection', 'close');
      refuse(res, 413, 'body-size');
    });
  });

  app.put('/latest/api/token', (req, res) => {
    if (req.headers['x-forwarded-for'] !== undefined) return refuse(res, 403, 'not-forwarded');
    const ttl = Number(req.headers[TOKEN_TTL_HEADER]);
    if (!/^\d+$/.test(String(req.headers[TOKEN_TTL_HEADER] ?? '')) || ttl < 1 || ttl > 21600) return refuse(res, 400, 'token-ttl');
    const token = randomBytes(42).toString('base64');
    const now = party.ctx.clock.nowMs();
    for (const [t, until] of tokens) if (until <= now) tokens.delete(t);
    tokens.set(token, now + ttl * 1000);
    res.setHeader(TOKEN_TTL_HEADER, String(ttl));
    text(res, 200, token);
  });

  const tokenValid = (req: Request) => {
    const until = tokens.get(String(req.headers[TOKEN_HEADER] ?? ''));
    return until !== undefined && until > party.ctx.clock.nowMs();
  };

  app.get(/^\/latest\/meta-data\/.*/, (req, res) => {
    if (!tokenValid(req)) return refuse(res, 401, 'metadata-token');
    if (req.path === CREDENTIALS_PATH) return text(res, 200, source.roleName);
    if (req.path === `${CREDENTIALS_PATH}${source.roleName}`) {
      try {
        const c = source.current();
        res.status(200).type('text/plain').send(
          JSON.stringify({ Code: 'Success', LastUpdated: c.lastUpdated, Type: 'AWS-HMAC', AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration: c.expiration }, null, 2),
        );
      } catch (error) {
        if (!(error instanceof CheckFailure)) throw error;
        // IMDS reports a role it cannot assume in the document, not as an HTTP error.
        res.status(200).type('text/plain').send(JSON.stringify({ Code: error.code, Message: error.message, LastUpdated: new Date(party.ctx.clock.nowMs()).toISOString() }, null, 2));
      }
      return;
    }
    if (req.path === '/latest/meta-data/instance-id') return text(res, 200, instanceId);
    text(res, 404, '');
  });
  app.use((req, res) => (req.method === 'GET' || req.method === 'PUT' ? text(res, 404, '') : text(res, 405, '')));
  return app;
}
