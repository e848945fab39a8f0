import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createEventBus } from '../../src/core/events.js';
import { createStateStore } from '../../src/core/state-dir.js';
import type { Attendee } from '../../src/labs/attendee.js';
import { createLabsService } from '../../src/labs/labs-service.js';
import { loadLabFile } from '../../src/labs/load-lab.js';

/** In a room, an attendee's reset asks the shared listeners and the attendee's own vaults for faults, not the neighbours' vaults. */
const course = loadLabFile(fileURLToPath(new URL('../../labs/federation-101.lab.yaml', import.meta.url)));
const attendee = (n: number): Attendee => ({
  id: `a0${n}`,
  accountId: `90000000000${n}`,
  region: 'us-east-1',
  principals: [{ arn: `arn:aws:iam::90000000000${n}:role/lab-workload`, accessKeyId: `AKIALAB00${n}P0XEXAMPLE`, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }],
  tenantId: `8c1f6a52-3c0e-4f2e-9d51-0000000a000${n}`,
  clientId: `4b7e2c1a-9f3d-4e8b-a6c5-0000000a000${n}`,
  servicePrincipalId: `0f6a3e2d-5c4b-4a39-8e7f-0000000a000${n}`,
  vaultName: `fedlab-lab-vault-a0${n}`,
  rbacVaultName: `fedlab-lab-rbac-a0${n}`,
});

const servers: Server[] = [];
const heard = new Map<string, string[]>();
async function listener(name: string): Promise<string> {
  heard.set(name, []);
  const server = createServer((req, res) => {
    heard.get(name)!.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': req.url?.includes('faults') ? 'application/json' : 'text/xml' }).end(req.url?.includes('faults') ? '{"value":[]}' : '<EnableOutboundWebIdentityFederationResponse/>');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterAll(() => servers.forEach((s) => s.close()));

test("a room attendee's reset clears faults on the shared listeners and their own vaults only", async () => {
  const [aws, v1, r1, v2, r2] = [await listener('aws'), await listener('vault a01'), await listener('rbac a01'), await listener('vault a02'), await listener('rbac a02')];
  const [a01, a02] = [attendee(1), attendee(2)];
  const labs = createLabsService({
    labs: [course],
    attendees: [a01, a02],
    events: createEventBus(),
    store: createStateStore(),
    ca: '',
    urls: { awsEndpoint: aws, issuers: {}, vaults: { a01: v1, a02: v2 }, vaultsByName: { [a01.rbacVaultName!]: r1, [a02.rbacVaultName!]: r2 }, listeners: [aws, v1, r1, v2, r2] },
  });
  try {
    const reset = await labs.reset('federation-101', 6, 'a01');
    expect(reset.steps.find((s) => s.step === 'faults')).toMatchObject({ ok: true });
    expect(heard.get('vault a01')).toContain('GET /_fedlab/faults');
    expect(heard.get('rbac a01')).toContain('GET /_fedlab/faults');
    expect(heard.get('aws')).toContain('GET /_fedlab/faults');
    expect({ a02: [...heard.get('vault a02')!, ...heard.get('rbac a02')!] }).toEqual({ a02: [] });
  } finally {
    await labs.close();
  }
});
