import type { Request, Response } from 'express';
import { GITHUB_ACTIONS_ISSUER } from '../config.js';

/**
 * GitHub's discovery document: the issuer and jwks_uri under token.actions.githubusercontent.com,
 * RS256 only, and the claims its tokens carry ("OpenID Connect reference": "review the
 * claims_supported entries at https://token.actions.githubusercontent.com/.well-known/openid-configuration").
 */
const DISCOVERY = {
  issuer: GITHUB_ACTIONS_ISSUER,
  jwks_uri: `${GITHUB_ACTIONS_ISSUER}/.well-known/jwks`,
  subject_types_supported: ['public', 'pairwise'],
  response_types_supported: ['id_token'],
  claims_supported: [
    'sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'sha', 'repository', 'repository_id', 'repository_owner',
    'repository_owner_id', 'run_id', 'run_number', 'run_attempt', 'actor', 'actor_id', 'workflow', 'workflow_ref',
    'workflow_sha', 'head_ref', 'base_ref', 'event_name', 'ref_type', 'ref_protected', 'environment',
    'job_workflow_ref', 'job_workflow_sha', 'repository_visibility', 'runner_environment',
  ],
  id_token_signing_alg_values_supported: ['RS256'],
  scopes_supported: ['openid'],
};

export function discovery(_req: Request, res: Response): void {
  res.set('cache-control', 'public, max-age=3600').json(DISCOVERY);
}
