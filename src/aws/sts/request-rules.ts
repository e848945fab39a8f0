import { CheckFailure, type Check } from '../../core/checks.js';
import type { MintContext } from './mint-context.js';

/** Rules across members and against the caller's session, checked once the input is well-formed. */

const invalid = (message: string) => new CheckFailure('ValidationError', message, 400);

const tagKeysUnique: Check<MintContext> = {
  name: 'tag-keys-unique',
  run({ request }) {
    const keys = request!.tags.map(([key]) => key.toLowerCase());
    if (new Set(keys).size !== keys.length) throw invalid('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
  },
};

const scopeNeedsOriginIdentity: Check<MintContext> = {
  name: 'scope-needs-origin-identity',
  run({ request }) {
    if (request!.scope !== undefined && request!.subjectMode !== 'OriginIdentity') throw invalid('Scope can only be specified when SubjectMode is OriginIdentity.');
  },
};

const scopeSingleAudience: Check<MintContext> = {
  name: 'scope-single-audience',
  run({ request }) {
    if (request!.scope !== undefined && request!.audiences.length !== 1) throw invalid('Scope can only be specified with exactly one Audience.');
  },
};

/** RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`; AWS also excludes `,`. */
const SCOPE_VALUE = /^[\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]+$/;

const scopeSyntax: Check<MintContext> = {
  name: 'scope-syntax',
  run({ request }) {
    if (request!.scope === undefined) return;
    const values = request!.scope.split(' ');
    if (!values.every((v) => SCOPE_VALUE.test(v)) || new Set(values).size !== values.length) {
      throw invalid(
        `Scope must be a list of unique space-separated values of printable ASCII characters other than space, '"', ',' and '\\', without leading or trailing space.`,
      );
    }
  },
};

const originIdentityContext: Check<MintContext> = {
  name: 'origin-identity-context',
  run({ request, caller }) {
    if (request!.subjectMode === 'OriginIdentity' && !caller.principal.originIdentity) {
      throw invalid(
        'SubjectMode OriginIdentity requires a session whose trusted identity propagation context contains aws:OriginIdentity/Subject and either aws:OriginIdentity/Issuer or aws:OriginIdentity/FederatedProviderArn.',
      );
    }
  },
};

const originIdentitySubject: Check<MintContext> = {
  name: 'origin-identity-subject',
  run({ request, caller }) {
    if (request!.subjectMode !== 'OriginIdentity') return;
    const subject = caller.principal.originIdentity!.subject;
    const unusable = /^arn:/i.test(subject) || subject !== subject.trim() || /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u.test(subject);
    if (unusable) throw invalid('The origin identity subject of this session cannot be used as the token subject.');
  },
};

export const REQUEST_RULES: readonly Check<MintContext>[] = [
  tagKeysUnique,
  scopeNeedsOriginIdentity,
  scopeSingleAudience,
  scopeSyntax,
  originIdentityContext,
  originIdentitySubject,
];
