import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AWS_CLAIM_NOTES } from '../claim-notes.js';
import type { DemoContext } from '../demo-context.js';
import type { DemoStep } from '../demo-step.js';

const NAMESPACE = 'https://sts.amazonaws.com/';

export async function explainAwsClaims(ctx: DemoContext): Promise<DemoStep> {
  const header = decodeProtectedHeader(ctx.awsToken!);
  const claims = decodeJwt(ctx.awsToken!);
  const aws = (claims[NAMESPACE] ?? {}) as Record<string, unknown>;
  const explained = [
    ...Object.entries(claims).filter(([name]) => name !== NAMESPACE).map(([name, value]) => ({ claim: name, value, note: AWS_CLAIM_NOTES[name] ?? '' })),
    ...Object.entries(aws).map(([name, value]) => ({ claim: `${NAMESPACE} ${name}`, value, note: AWS_CLAIM_NOTES[name] ?? '' })),
  ];
  return {
    id: 'aws-claims',
    title: 'The AWS token, decoded',
    ok: true,
    summary: `header ${JSON.stringify(header)}; sub ${claims.sub}`,
    details: { header, claims, explained },
  };
}
