import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

type CaStore = 'default' | 'system' | 'bundled' | 'extra';
/** `tls.getCACertificates` (Node 22.15+, 23.5+); absent on older Node. */
const getCACertificates = (tls as unknown as { getCACertificates?: (store?: CaStore) => string[] }).getCACertificates;

/** The PEM file NODE_EXTRA_CA_CERTS names, when Node cannot list its extra store itself. */
function extraCertsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return [];
  }
}

/**
 * What an outbound fetch trusts: what Node trusts (its bundled roots, `NODE_EXTRA_CA_CERTS`, and
 * the system store where Node can read it) plus fedlab's own CA. Passing `ca` to a request
 * replaces Node's defaults, so all of them are listed here, or an issuer behind a corporate CA
 * could never be fetched.
 */
export function trustedRoots(ownCaPem: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env !== process.env) return listRoots(ownCaPem, env);
  let roots = forThisProcess.get(ownCaPem);
  if (roots === undefined) forThisProcess.set(ownCaPem, (roots = listRoots(ownCaPem, env)));
  return roots;
}

/**
 * One list per CA for this process (what Node trusts is fixed at start): every party holding its
 * own copy costs 400 KB each, 25 MB for a room's 63 vaults, and one string also keys one shared
 * TLS context (trust-context.ts).
 */
const forThisProcess = new Map<string, string>();

function listRoots(ownCaPem: string, env: NodeJS.ProcessEnv): string {
  const node = getCACertificates
    ? [...getCACertificates('default'), ...getCACertificates('system')]
    : [...tls.rootCertificates, ...extraCertsFromEnv(env)];
  return [...new Set(node), ownCaPem].join('\n');
}
