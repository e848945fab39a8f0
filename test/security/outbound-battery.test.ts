import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { rootCertificates } from 'node:tls';
import { expect, test } from '@jest/globals';
import { trustedRoots } from '../../src/core/fetch/trusted-roots.js';
import { addressAllowed, classifyAddress } from '../../src/core/fetch/address-policy.js';
import { fetchJson, FetchFailure } from '../../src/core/fetch/hardened-fetch.js';
import { isLoopbackHost } from '../../src/core/control/admin-access.js';

/** Outbound-fetch rules of issue #18 (docs/security.md "Outbound fetches"). */
const open = { allowLoopback: true, allowPrivate: false, allowLinkLocal: false };

test('OUT-01 special-purpose ranges are never fetched, and neither is any IPv6 form that embeds one', () => {
  const cases: [string, string][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:0:127.0.0.1', 'loopback'], // IPv4-translated
    ['64:ff9b::169.254.169.254', 'link-local'], // NAT64 to the metadata service
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b:1::a00:1', 'private'], // local-use NAT64
    ['2002:a9fe:a9fe::1', 'link-local'], // 6to4
    ['169.254.169.254', 'link-local'],
    ['fd00::1', 'private'],
    ['::127.0.0.1', 'reserved'], // IPv4-compatible
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
    ['fec0::1', 'reserved'], // site-local
    ['ff02::1', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['8.8.8.8', 'public'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['2002:0808:0808::1', 'public'],
    ['2606:4700::1111', 'public'],
  ];
  expect(cases.map(([address]) => [address, classifyAddress(address)])).toEqual(cases);
  for (const [address, kind] of cases) expect([address, addressAllowed(address, open)]).toEqual([address, kind === 'public' || kind === 'loopback']);
});

test('OUT-02 a fetch to a special-purpose literal fails before any connection, with the reason', async () => {
  for (const url of ['http://198.18.0.1/.well-known/openid-configuration', 'http://[64:ff9b::a9fe:a9fe]/latest/', 'http://[::ffff:0:a9fe:a9fe]/', 'http://[2002:a9fe:a9fe::1]/', 'http://224.0.0.1/']) {
    const failure = await fetchJson(url, { timeoutMs: 500, maxBytes: 1024, requireHttps: false, addresses: open }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FetchFailure);
    expect((failure as FetchFailure).reason).toMatch(/^address .* not allowed$/);
  }
});

test('OUT-03 the admin gate and the fetcher agree on loopback: 127.1 and mapped forms are loopback, 0.0.0.0 is not', () => {
  for (const host of ['127.0.0.1', '127.1', '127.0.0.2', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST']) expect([host, isLoopbackHost(host)]).toEqual([host, true]);
  for (const host of ['0.0.0.0', '::', '192.0.2.10', '10.0.0.1', 'fedlab.test', '128.0.0.1']) expect([host, isLoopbackHost(host)]).toEqual([host, false]);
});

test('OUT-04 issuer fetches trust what Node trusts (bundled, NODE_EXTRA_CA_CERTS, system store) plus fedlab\'s CA', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-roots-'));
  try {
    const corporate = '-----BEGIN CERTIFICATE-----\nMIIBcorporateRootForTests\n-----END CERTIFICATE-----\n';
    const file = join(dir, 'corporate.pem');
    writeFileSync(file, corporate);
    const roots = trustedRoots('FEDLAB-CA-PEM', { NODE_EXTRA_CA_CERTS: file });
    expect(roots.endsWith('FEDLAB-CA-PEM')).toBe(true);
    expect(roots).toContain(rootCertificates[0]!);
    const listing = (tls as unknown as { getCACertificates?: (store: string) => string[] }).getCACertificates;
    if (listing) {
      // Node lists its own extra and system stores (read at start from the real environment).
      for (const pem of [...listing('extra'), ...listing('system')]) expect(roots).toContain(pem);
    } else {
      expect(roots).toContain(corporate);
    }
    // A missing extra file is what Node does too: ignored.
    expect(trustedRoots('X', { NODE_EXTRA_CA_CERTS: join(dir, 'absent.pem') })).toContain(rootCertificates[0]!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
