/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface SigV4Authorization {
  algorithm: string;
  accessKeyId: string;
  /** Credential scope: `yyyymmdd/region/service/aws4_request`. */
  scopeDate: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

export type ParsedAuthorization = { ok: true; value: SigV4Authorization } | { ok: false; problems: string[]; unsupportedAlgorithm?: string };

/**
 * Parse the header the way AWS reports problems with it: every missing component is listed,
 * so the message matches what the services answer for an incomplete signature.
 */
export function parseAuthorization(header: string): ParsedAuthorization {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm.startsWith('AWS4-') && algorithm !== SIGV4_ALGORITHM) return { ok: false, problems: [], unsupportedAlgorithm: algorithm };
  const fields = new Map<string, string>();
  for (const part of space < 0 ? [] : header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const problems = ['Credential', 'Signature', 'SignedHeaders']
    .filter((name) => !fields.get(name))
    .map((name) => `Authorization header requires '${name}' parameter.`);
  if (algorithm !== SIGV4_ALGORITHM) problems.unshift(`Authorization header requires a valid algorithm ('${SIGV4_ALGORITHM}').`);
  const credential = fields.get('Credential')?.split('/') ?? [];
  if (fields.get('Credential') && (credential.length !== 5 || credential.some((c) => !c))) {
    problems.push(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${fields.get('Credential')}'`);
  }
  const signature = fields.get('Signature');
  if (signature && !/^[0-9a-f]{64}$/.test(signature)) problems.push('Signature must be 64 lower-case hexadecimal characters.');
  const signedHeaders = fields.get('SignedHeaders')?.split(';') ?? [];
  if (fields.get('SignedHeaders') && !signedHeaders.includes('host')) problems.push("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  if (problems.length > 0) return { ok: false, problems };
  const [accessKeyId, scopeDate, region, service, terminator] = credential as [string, string, string, string, string];
  return { ok: true, value: { algorithm, accessKeyId, scopeDate, region, service, terminator, signedHeaders, signature: signature! } };
}
