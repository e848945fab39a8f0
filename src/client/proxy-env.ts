/** What `fedlab env` prints: the proxy and the CA, named the way each ecosystem reads them. */
export type EnvFormat = 'sh' | 'fish' | 'powershell' | 'dotenv';
export const ENV_FORMATS: readonly EnvFormat[] = ['sh', 'fish', 'powershell', 'dotenv'];

/** Loopback stays direct: the code under test may also call its own local services. */
export const LOOPBACK_NO_PROXY = 'localhost,127.0.0.1,::1';

/**
 * The environment a program configured for production needs to reach fedlab: HTTPS_PROXY (and its
 * lower-case twin, which curl and some Go and Python stacks read first), NO_PROXY for loopback,
 * NODE_USE_ENV_PROXY for Node versions whose built-in agents honour it (22.21+, 24.5+), and fedlab's
 * CA for Node (NODE_EXTRA_CA_CERTS adds to the built-in roots), botocore and the AWS CLI
 * (AWS_CA_BUNDLE), requests (REQUESTS_CA_BUNDLE) and OpenSSL-based stacks (SSL_CERT_FILE).
 */
export function proxyEnvironment(proxyUrl: string, caPath: string): Record<string, string> {
  return {
    HTTPS_PROXY: proxyUrl,
    https_proxy: proxyUrl,
    NO_PROXY: LOOPBACK_NO_PROXY,
    no_proxy: LOOPBACK_NO_PROXY,
    NODE_USE_ENV_PROXY: '1',
    ...caEnvironment(caPath),
  };
}

/** fedlab's CA, named the way each ecosystem reads a CA bundle (Node, botocore, requests, OpenSSL). */
export function caEnvironment(caPath: string): Record<string, string> {
  return { NODE_EXTRA_CA_CERTS: caPath, AWS_CA_BUNDLE: caPath, REQUESTS_CA_BUNDLE: caPath, SSL_CERT_FILE: caPath };
}

const single = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

export function formatEnvironment(env: Record<string, string>, format: EnvFormat): string {
  const lines = Object.entries(env).map(([name, value]) => {
    switch (format) {
      case 'sh':
        return `export ${name}=${single(value)}`;
      case 'fish':
        return `set -gx ${name} '${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
      case 'powershell':
        return `$env:${name} = '${value.replace(/'/g, "''")}'`;
      case 'dotenv':
        return `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    }
  });
  return lines.join('\n') + '\n';
}
