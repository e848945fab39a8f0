import type { CheckStage, ExchangeContext, TargetRequest } from '../exchange/exchange-context.js';
import type { IssuedAccessToken } from '../tokens/issue-access-token.js';

export interface OAuthError {
  error: string;
  status: number;
}

/**
 * One grant type of the token endpoint (like node-oidc-provider's lib/actions/grants/*): which
 * parameters it reads, how it names the external token and the target, and what it answers.
 * Every grant runs the same validation pipeline (exchange/pipeline.ts).
 */
export interface Grant {
  readonly grantType: string;
  /** The form parameters the grant reads (others are ignored, as Entra ignores x-client-* etc.). */
  readonly parameters: readonly string[];
  /** false: a fedlab extension that strict mode refuses with AADSTS70003, as real Entra does. */
  readonly entraNative: boolean;
  /** The external JWT the client presents; throws an entraFailure when it is missing. */
  presentedToken(ctx: ExchangeContext): string;
  requestedTarget(ctx: ExchangeContext): TargetRequest;
  /** The OAuth error a failed check of this stage answers with. */
  errorFor(stage: CheckStage, entra: OAuthError): OAuthError;
  /** The success response body. */
  handler(issued: IssuedAccessToken, ctx: ExchangeContext): Record<string, unknown>;
}
