import type { Router } from 'express';
import { createControlRouter } from '../../core/control/control-router.js';
import type { AwsRuntime } from '../runtime.js';
import { addPrincipalEndpoint } from './endpoints/add-principal.js';
import { listAccounts } from './endpoints/list-accounts.js';
import { policiesInForceEndpoint } from './endpoints/policies-in-force.js';
import { removePrincipalEndpoint } from './endpoints/remove-principal.js';
import { rotateSigningKeysEndpoint } from './endpoints/rotate-signing-keys.js';
import { setFederationEndpoint } from './endpoints/set-federation.js';
import { awsFaultSpecParser } from './fault-spec.js';
import { functionEnvironment } from '../lambda/function-environment.js';

/** `/_fedlab/*` on the AWS listener: faults, clock, events, and the accounts admin API. */
export function awsControlRouter(party: AwsRuntime): Router {
  return createControlRouter({
    party: 'aws',
    ctx: party.ctx,
    host: party.config.host,
    faults: party.faults,
    parseFaultSpec: awsFaultSpecParser(party.directory),
    extend(router) {
      router.get('/accounts', listAccounts(party));
      router.post('/accounts/:accountId/principals', addPrincipalEndpoint(party));
      router.get('/accounts/:accountId/policies-in-force', policiesInForceEndpoint(party));
      router.delete('/accounts/:accountId/principals/:accessKeyId', removePrincipalEndpoint(party));
      router.post('/accounts/:accountId/rotate-signing-keys', rotateSigningKeysEndpoint(party));
      router.put('/accounts/:accountId/outbound-federation', setFederationEndpoint(party));
      // A Lambda function's runtime environment (its execution role's credentials), as Lambda sets it.
      router.get('/accounts/:accountId/lambda-functions/:name/environment', (req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json(functionEnvironment(party, req.params.accountId, req.params.name));
      });
      // An ECS task's container environment (its task role's credentials endpoint), as ECS sets it.
      router.get('/accounts/:accountId/ecs-tasks/:taskId/environment', (req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json(party.ecsTasks.environment(party, req.params.accountId, req.params.taskId));
      });
    },
  });
}
