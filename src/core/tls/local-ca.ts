import 'reflect-metadata';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { StateStore } from '../state-dir.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** A local certificate authority and one server certificate it signed, all PEM. */
export interface LocalTls {
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** The CA's private key (PKCS#8 PEM): the proxy signs certificates for the clouds' host names with it. */
  caKeyPem: string;
}

/** The CA's document: one per state dir, whatever the configuration (what people trusted keeps working). */
export const LOCAL_TLS_DOCUMENT = 'tls/local-ca.json';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const SERVER_NAMES = [{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }, { type: 'ip', value: '::1' }] as const;

function toPem(der: ArrayBuffer, label: string): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

function stillValid(tls: LocalTls, now: Date): boolean {
  if (!tls.caKeyPem) return false;
  const cert = new NodeX509(tls.serverCertPem);
  return new Date(cert.validTo).getTime() - now.getTime() > 7 * 86400_000;
}

async function createLocalTls(now: Date): Promise<LocalTls> {
  const notBefore = new Date(now.getTime() - 3600_000);
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=fedlab local CA, O=fedlab',
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    notBefore,
    notAfter: new Date(now.getTime() + 5 * 365 * 86400_000),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const server = await x509.X509CertificateGenerator.create({
    subject: 'CN=localhost, O=fedlab',
    issuer: ca.subject,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALGORITHM,
    notBefore,
    notAfter: new Date(now.getTime() + 397 * 86400_000),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(SERVER_NAMES.map((n) => ({ ...n }))),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  return {
    caCertPem: ca.toString('pem') + '\n',
    serverCertPem: server.toString('pem') + '\n',
    serverKeyPem: toPem(await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey), 'PRIVATE KEY'),
    caKeyPem: toPem(await webcrypto.subtle.exportKey('pkcs8', caKeys.privateKey), 'PRIVATE KEY'),
  };
}

/**
 * fedlab's local CA and the server certificate every HTTPS listener uses (valid for localhost,
 * 127.0.0.1 and ::1). Created once and kept in the state dir so clients can keep trusting it.
 */
export async function loadOrCreateLocalTls(store: StateStore, now = new Date()): Promise<LocalTls> {
  const kept = store.read<LocalTls>(LOCAL_TLS_DOCUMENT);
  if (kept && stillValid(kept, now)) return kept;
  const created = await createLocalTls(now);
  store.write(LOCAL_TLS_DOCUMENT, created);
  return created;
}
