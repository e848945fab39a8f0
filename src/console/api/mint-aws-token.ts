import type { Request, Response } from 'express';
import { z } from 'zod';
import { callAwsQuery } from '../../client/call-aws-query.js';
import { noStore } from '../../core/http/common-middleware.js';
import { parseInput } from '../http/parse-input.js';
import { findPrincipal, type ConsoleRuntime } from '../runtime.js';
import { describeToken } from '../tokens/describe-token.js';

const input = z.strictObject({
  principalArn: z.string().min(1),
  audience: z.string().min(1).max(1000),
  algorithm: z.enum(['RS256', 'ES384']),
  durationSeconds: z.number().int().min(1).max(100_000).optional(),
});

/** `POST /api/aws/token`: sts:GetWebIdentityToken as the chosen principal, SigV4-signed like the SDK. */
export function mintAwsToken(runtime: ConsoleRuntime) {
  return async (req: Request, res: Response): Promise<void> => {
    const { principalArn, audience, algorithm, durationSeconds } = parseInput(input, req.body);
    const { account, principal } = findPrincipal(runtime, principalArn);
    const params: Record<string, string> = { 'Audience.member.1': audience, SigningAlgorithm: algorithm };
    if (durationSeconds !== undefined) params.DurationSeconds = String(durationSeconds);
    const answer = await callAwsQuery(runtime.client, { endpoint: runtime.urls.aws.endpoint, service: 'sts', region: account.region, credentials: principal }, 'GetWebIdentityToken', params);
    noStore(res);
    const request = { endpoint: runtime.urls.aws.endpoint, action: 'GetWebIdentityToken', region: account.region, accessKeyId: principal.accessKeyId, params };
    if (!answer.result) {
      res.json({ ok: false, status: answer.status, request, requestId: answer.requestId, error: answer.error });
      return;
    }
    const token = String(answer.result.WebIdentityToken);
    res.json({ ok: true, status: 200, request, requestId: answer.requestId, token, expiration: answer.result.Expiration, decoded: describeToken(token, runtime.clock.nowSeconds()) });
  };
}
