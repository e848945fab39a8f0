import express, { type Express, type Router } from 'express';
import { securityHeaders } from '../core/http/common-middleware.js';
import { addFault } from './api/add-fault.js';
import { clearAllFaults } from './api/clear-all-faults.js';
import { clearFault } from './api/clear-fault.js';
import { createFic } from './api/create-fic.js';
import { decodeToken } from './api/decode-token.js';
import { deleteFic } from './api/delete-fic.js';
import { eventStream } from './api/event-stream.js';
import { exchange } from './api/exchange.js';
import { getClocks } from './api/get-clocks.js';
import { getFederation } from './api/get-federation.js';
import { getTenantPolicy } from './api/get-tenant-policy.js';
import { issuers } from './api/issuers.js';
import { listFaults } from './api/list-faults.js';
import { listFics } from './api/list-fics.js';
import { mintAwsToken } from './api/mint-aws-token.js';
import { overview } from './api/overview.js';
import { partyHealth } from './api/party-health.js';
import { readSecret } from './api/read-secret.js';
import { resetTenantPolicy } from './api/reset-tenant-policy.js';
import { rotateKeys } from './api/rotate-keys.js';
import { setClock } from './api/set-clock.js';
import { setFederation } from './api/set-federation.js';
import { setTenantPolicy } from './api/set-tenant-policy.js';
import { updateFic } from './api/update-fic.js';
import { policiesInForce } from './api/policies-in-force.js';
import { accessGuard, type AccessOptions } from './http/access-guard.js';
import { finalErrorHandler, notFound } from './http/final-handlers.js';
import { pageHeaders } from './http/page-headers.js';
import { PUBLIC_DIR } from './public-dir.js';
import type { ConsoleRuntime } from './runtime.js';

export interface ConsoleMount {
  path: string;
  router: Router;
}

/** The page and the backend-for-frontend it calls; every party is reached over HTTP(S) only. */
export function createConsoleApp(runtime: ConsoleRuntime, access: AccessOptions, mounts: readonly ConsoleMount[] = []): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders, accessGuard(access));
  app.get('/health', (_req, res) => void res.json({ status: 'ok', party: 'console' }));

  const api = express.Router();
  api.use(express.json({ limit: '64kb' }));
  api.get('/overview', overview(runtime, { tokenRequired: access.token !== undefined }));
  api.get('/health', partyHealth(runtime));
  api.post('/aws/token', mintAwsToken(runtime));
  api.get('/aws/issuers', issuers(runtime));
  api.get('/aws/accounts/:accountId/federation', getFederation(runtime));
  api.put('/aws/accounts/:accountId/federation', setFederation(runtime));
  api.post('/aws/accounts/:accountId/rotate-keys', rotateKeys(runtime));
  api.get('/aws/policies', policiesInForce(runtime));
  api.post('/entra/exchange', exchange(runtime));
  api.get('/entra/tenants/:tenantId/policy', getTenantPolicy(runtime));
  api.put('/entra/tenants/:tenantId/policy', setTenantPolicy(runtime));
  api.delete('/entra/tenants/:tenantId/policy', resetTenantPolicy(runtime));
  api.post('/vault/read', readSecret(runtime));
  api.get('/graph/:tenantId/applications/:appId/fics', listFics(runtime));
  api.post('/graph/:tenantId/applications/:appId/fics', createFic(runtime));
  api.patch('/graph/:tenantId/applications/:appId/fics/:name', updateFic(runtime));
  api.delete('/graph/:tenantId/applications/:appId/fics/:name', deleteFic(runtime));
  api.get('/faults', listFaults(runtime));
  api.delete('/faults', clearAllFaults(runtime));
  api.post('/faults/:party', addFault(runtime));
  api.delete('/faults/:party/:id', clearFault(runtime));
  api.get('/clock', getClocks(runtime));
  api.put('/clock/:party', setClock(runtime));
  api.get('/events', eventStream(runtime));
  api.post('/decode', decodeToken(runtime));
  for (const mount of mounts) app.use(mount.path, mount.router);
  app.use('/api', api);

  app.use(pageHeaders, express.static(PUBLIC_DIR, { index: 'index.html', fallthrough: true }));
  app.use(notFound);
  app.use(finalErrorHandler(runtime.logger));
  return app;
}
