import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck, type ExchangeContext } from '../exchange-context.js';

const DEFAULT_SUFFIX = '/.default';

/** `scope=<resource>/.default`: exactly one resource, and only `.default` for an app-only token. */
function resourceFromScope(scope: string): string {
  const scopes = scope.split(' ').filter(Boolean);
  if (scopes.length === 0) throw entraFailure(70011, { scope }, 'the scope is empty');
  const withoutDefault = scopes.find((s) => !s.endsWith(DEFAULT_SUFFIX));
  if (withoutDefault) throw entraFailure(1002012, { scope: withoutDefault });
  const resources = [...new Set(scopes.map((s) => s.slice(0, -DEFAULT_SUFFIX.length)))];
  if (resources.length > 1) throw entraFailure(700022, { scope });
  if (resources[0] === '') throw entraFailure(70011, { scope }, 'no resource before /.default');
  return resources[0]!;
}

function requestedResource(ctx: ExchangeContext): string {
  const requested = must(ctx.grant, 'grant').requestedTarget(ctx);
  if ('missing' in requested) {
    // A missing parameter is a malformed request, not an unacceptable target.
    throw entraFailure(900144, { name: requested.missing }, undefined, { stage: 'request' });
  }
  return requested.param === 'scope' ? resourceFromScope(requested.value) : requested.value;
}

/** The resource the token is for, looked up among the tenant's resources. */
export const targetResourceCheck: ExchangeCheck = {
  name: 'target-resource',
  stage: 'target',
  run(ctx) {
    const tenant = must(ctx.tenant, 'tenant');
    const resource = requestedResource(ctx);
    const match = ctx.runtime.directory.resource(tenant, resource);
    if (!match) throw entraFailure(500011, { resource, tenant: tenant.displayName });
    ctx.target = { ...match, scope: `${resource}${DEFAULT_SUFFIX}` };
  },
};
