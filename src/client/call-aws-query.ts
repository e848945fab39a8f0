import { XMLParser } from 'fast-xml-parser';
import type { PartyClient } from './party-client.js';
import { signAwsQuery, type QueryTarget } from './sign-aws-query.js';

const VERSIONS = { sts: '2011-06-15', iam: '2010-05-08' } as const;
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

export interface QueryAnswer {
  status: number;
  /** `<{Action}Result>` as an object on success. */
  result?: Record<string, unknown>;
  error?: { code: string; message: string };
  requestId?: string;
}

/** One signed awsQuery call to fedlab's AWS endpoint, answered as parsed XML. */
export async function callAwsQuery(client: PartyClient, target: QueryTarget, action: string, params: Record<string, string> = {}): Promise<QueryAnswer> {
  const signed = await signAwsQuery(target, { Action: action, Version: VERSIONS[target.service], ...params });
  const response = await client.request(signed.url, { method: 'POST', headers: signed.headers, body: signed.body });
  const xml = parser.parse(response.text) as Record<string, Record<string, unknown> | undefined>;
  const ok = xml[`${action}Response`];
  if (response.status === 200 && ok) {
    const metadata = ok.ResponseMetadata as { RequestId?: string } | undefined;
    return { status: 200, result: (ok[`${action}Result`] as Record<string, unknown> | undefined) ?? {}, requestId: metadata?.RequestId };
  }
  const failure = xml.ErrorResponse as { Error?: { Code?: string; Message?: string }; RequestId?: string } | undefined;
  return {
    status: response.status,
    error: { code: failure?.Error?.Code ?? `HTTP${response.status}`, message: failure?.Error?.Message ?? response.text.slice(0, 300) },
    requestId: failure?.RequestId,
  };
}
