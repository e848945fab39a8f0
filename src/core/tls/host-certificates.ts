import 'reflect-metadata';
import { createPrivateKey, webcrypto } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import * as x509 from '@peculiar/x509';
import type { LocalTls } from './local-ca.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

function toPem(der: ArrayBuffer, label: string): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

export interface HostCertificates {
  /** A TLS context whose certificate (signed by fedlab's local CA) names exactly `host`. */
  contextFor(host: string): Promise<SecureContext>;
}

/**
 * Server certificates minted on demand for the host names a client asks for by SNI (the proxy
 * answers as sts.amazonaws.com, login.microsoftonline.com, ...). One key pair for all of them;
 * each name gets its own certificate, cached for the life of the process.
 */
export function createHostCertificates(tls: LocalTls, now: () => Date = () => new Date()): HostCertificates {
  const cache = new Map<string, Promise<SecureContext>>();
  const caCert = new x509.X509Certificate(tls.caCertPem);
  const material = (async () => {
    const caKey = await webcrypto.subtle.importKey('pkcs8', createPrivateKey(tls.caKeyPem).export({ type: 'pkcs8', format: 'der' }), ALGORITHM, false, ['sign']);
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    const keyPem = toPem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
    return { caKey, keys, keyPem };
  })();
  const mint = async (host: string): Promise<SecureContext> => {
    const { caKey, keys, keyPem } = await material;
    const start = now();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex').replace(/^[89a-f]/, '1'),
      subject: `CN=${host}, O=fedlab`,
      issuer: caCert.subject,
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: ALGORITHM,
      notBefore: new Date(start.getTime() - 3600_000),
      notAfter: new Date(start.getTime() + 90 * 86400_000),
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: host }]),
        await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
      ],
    });
    return createSecureContext({ cert: cert.toString('pem') + '\n' + tls.caCertPem, key: keyPem });
  };
  return {
    contextFor(host) {
      const name = host.toLowerCase();
      let context = cache.get(name);
      if (!context) cache.set(name, (context = mint(name)));
      return context;
    },
  };
}
