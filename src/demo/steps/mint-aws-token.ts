import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { createStsClient } from '../../client/sts-client.js';
import type { DemoContext } from '../demo-context.js';
import type { DemoStep } from '../demo-step.js';

export async function mintAwsToken(ctx: DemoContext): Promise<DemoStep> {
  const { inputs } = ctx;
  const request = { Audience: [inputs.audience], SigningAlgorithm: inputs.algorithm, DurationSeconds: inputs.durationSeconds };
  const base = { id: 'aws-token' as const, title: 'AWS STS GetWebIdentityToken (AWS SDK v3, SigV4-signed)' };
  const sts = createStsClient({ endpoint: inputs.awsEndpoint, credentials: inputs.credentials, region: inputs.region, httpsAgent: ctx.httpsAgent });
  // The endpoint the SDK actually called: with --real-hostnames it resolves it itself.
  let endpoint = inputs.awsEndpoint;
  sts.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { protocol?: string; hostname?: string; port?: number };
      endpoint = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'fedlabDemoEndpoint' },
  );
  try {
    const result = await sts.send(new GetWebIdentityTokenCommand(request));
    ctx.awsToken = result.WebIdentityToken!;
    return {
      ...base,
      ok: true,
      summary: `${inputs.principalArn} got a ${inputs.algorithm} token for '${inputs.audience}', expiring ${result.Expiration?.toISOString()}`,
      details: { endpoint, principal: inputs.principalArn, request, expiration: result.Expiration?.toISOString(), requestId: result.$metadata.requestId, token: ctx.awsToken },
    };
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { ...base, ok: false, summary: `STS refused: ${e.name}`, details: { endpoint, request, status: e.$metadata?.httpStatusCode }, error: { code: e.name, message: e.message } };
  } finally {
    sts.destroy();
  }
}
