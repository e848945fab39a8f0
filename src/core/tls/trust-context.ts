import { createSecureContext, type SecureContext } from 'node:tls';

/** Distinct trust lists in one process are few (fedlab's CA; it plus Node's roots): a small bound is plenty. */
const MAX_CONTEXTS = 16;
const contexts = new Map<string, SecureContext>();

/**
 * One TLS client context per trust list, shared by every connection. Given as `ca` on each
 * request, Node parses the PEM and builds a new OpenSSL certificate store for every connection
 * (for Node's roots plus fedlab's CA, about 150 certificates and 400 KB of PEM), native memory
 * that only a garbage collection frees: a room of 30 behind the proxy grew fedlab's RSS by
 * hundreds of MiB that way while its JavaScript heap stayed flat.
 */
export function trustContext(caPem: string): SecureContext {
  let context = contexts.get(caPem);
  if (!context) {
    context = createSecureContext({ ca: caPem });
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    contexts.set(caPem, context);
  }
  return context;
}
