import type { Router } from 'express';
import { createControlRouter } from '../../core/control/control-router.js';
import { fedlabTrace } from '../actions/fedlab-trace.js';
import type { EntraRuntime } from '../runtime.js';
import { parseEntraFaultSpec } from './fault-spec.js';
import { forgetIssuerKeys } from './forget-issuer-keys.js';
import { managedIdentityRoutes } from './managed-identities.js';
import { tenantPolicyRoutes } from './tenant-policy.js';

/**
 * `/_fedlab/*` on the Entra listener: token-endpoint faults, clock, events, issuer key cache,
 * tenant policy, managed identities (the ARM party's changes) and check traces. Traces sit behind the same admin gate as the rest: they name failure reasons of
 * issuer fetches, which off loopback only the operator may read.
 */
export function entraControlRouter(runtime: EntraRuntime): Router {
  return createControlRouter({
    party: 'entra',
    ctx: runtime.ctx,
    host: runtime.config.host,
    faults: runtime.faults,
    parseFaultSpec: parseEntraFaultSpec,
    extend(router) {
      router.delete('/issuer-keys', forgetIssuerKeys(runtime));
      router.get('/traces/:correlationId', fedlabTrace(runtime));
      const policy = tenantPolicyRoutes(runtime);
      router.get('/tenant-policy/:tenant', policy.get);
      router.put('/tenant-policy/:tenant', policy.put);
      router.delete('/tenant-policy/:tenant', policy.reset);
      const identities = managedIdentityRoutes(runtime);
      router.get('/managed-identities/:tenant', identities.list);
      router.get('/managed-identities/:tenant/:subscriptionId/:resourceGroup/:name', identities.get);
      router.put('/managed-identities/:tenant/:subscriptionId/:resourceGroup/:name', identities.put);
      router.delete('/managed-identities/:tenant/:subscriptionId/:resourceGroup/:name', identities.remove);
    },
  });
}
