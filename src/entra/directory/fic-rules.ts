import { parseClaimsExpression, type ClaimsExpression } from '../claims-expression/parser.js';
import { ExpressionSyntaxError } from '../claims-expression/syntax-error.js';

/** A federated identity credential as Microsoft Graph models it. */
export interface FederatedIdentityCredential {
  name: string;
  /** A URL, or `aws:<account id>` for that fedlab account's issuer. */
  issuer: string;
  subject: string | null;
  audiences: string[];
  description?: string | null;
  claimsMatchingExpression: { value: string; languageVersion: 1 } | null;
}

/** Which of Graph's rules a problem breaks (the Graph API picks its error code from it). */
export type FicRule = 'name' | 'length' | 'whitespace' | 'audiences' | 'subject-or-expression' | 'expression' | 'count' | 'unique-name' | 'unique-issuer-subject';

export interface FicProblem {
  path: (string | number)[];
  message: string;
  rule: FicRule;
}

/** Graph's limits (federatedIdentityCredential resource and the considerations doc). */
export const FIC_LIMITS = { perApplication: 20, nameMin: 3, nameMax: 120, valueMax: 600 } as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The parsed expression, or a problem naming the character position. */
export function parseFicExpression(value: string): { expression?: ClaimsExpression; problem?: string } {
  try {
    return { expression: parseClaimsExpression(value) };
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return { problem: `claimsMatchingExpression does not parse: ${error.message}` };
    throw error;
  }
}

/** Rules one credential must meet on its own. */
export function ficProblems(fic: FederatedIdentityCredential, options: { allowNestedClaims: boolean } = { allowNestedClaims: true }): FicProblem[] {
  const problems: FicProblem[] = [];
  const { nameMin, nameMax, valueMax } = FIC_LIMITS;
  if (fic.name.length < nameMin || fic.name.length > nameMax || !NAME.test(fic.name)) {
    problems.push({ path: ['name'], rule: 'name', message: `expected ${nameMin}-${nameMax} URL-friendly characters (letters, digits, '-', '_'; a letter or digit first), not '${fic.name}'` });
  }
  if (fic.issuer.length === 0 || fic.issuer.length > valueMax) problems.push({ path: ['issuer'], rule: 'length', message: `expected 1-${valueMax} characters` });
  if (fic.issuer !== fic.issuer.trim()) problems.push({ path: ['issuer'], rule: 'whitespace', message: 'leading or trailing whitespace would never match a token issuer' });
  if (fic.audiences.length !== 1) problems.push({ path: ['audiences'], rule: 'audiences', message: `a federated identity credential has exactly one audience, not ${fic.audiences.length}` });
  fic.audiences.forEach((audience, i) => {
    if (audience.length === 0 || audience.length > valueMax) problems.push({ path: ['audiences', i], rule: 'length', message: `expected 1-${valueMax} characters` });
  });
  if (fic.subject !== null && (fic.subject.length === 0 || fic.subject.length > valueMax)) problems.push({ path: ['subject'], rule: 'length', message: `expected 1-${valueMax} characters` });
  if (typeof fic.description === 'string' && fic.description.length > valueMax) problems.push({ path: ['description'], rule: 'length', message: `expected at most ${valueMax} characters` });
  const expression = fic.claimsMatchingExpression;
  if (expression === null && fic.subject === null) problems.push({ path: ['subject'], rule: 'subject-or-expression', message: 'set subject, or claimsMatchingExpression with subject null' });
  if (expression !== null && fic.subject !== null) problems.push({ path: ['subject'], rule: 'subject-or-expression', message: 'subject must be null when claimsMatchingExpression is set' });
  if (expression !== null) {
    const parsed = parseFicExpression(expression.value);
    if (parsed.problem) problems.push({ path: ['claimsMatchingExpression'], rule: 'expression', message: parsed.problem });
    else if (!options.allowNestedClaims && parsed.expression!.comparisons.some((c) => c.path.length > 1)) {
      problems.push({ path: ['claimsMatchingExpression'], rule: 'expression', message: "nested claim access (claims['a']['b']) is a fedlab extension: set entra.extendedClaimsExpressions: true" });
    }
  }
  return problems;
}

/** Rules across one application's credentials: count, unique names, unique (issuer, subject). */
export function ficCollectionProblems(fics: readonly FederatedIdentityCredential[]): FicProblem[] {
  const problems: FicProblem[] = [];
  if (fics.length > FIC_LIMITS.perApplication) {
    problems.push({ path: [], rule: 'count', message: `at most ${FIC_LIMITS.perApplication} federated identity credentials per application, not ${fics.length}` });
  }
  const names = new Map<string, number>();
  const pairs = new Map<string, number>();
  fics.forEach((fic, i) => {
    const name = fic.name.toLowerCase();
    if (names.has(name)) problems.push({ path: [i, 'name'], rule: 'unique-name', message: `duplicate name '${fic.name}' (also credential ${names.get(name)})` });
    else names.set(name, i);
    // Flexible credentials have no subject; their expression takes the subject's place in the key.
    const key = JSON.stringify([fic.issuer, fic.subject ?? fic.claimsMatchingExpression?.value]);
    if (pairs.has(key)) {
      problems.push({ path: [i, fic.subject === null ? 'claimsMatchingExpression' : 'subject'], rule: 'unique-issuer-subject', message: `issuer and subject combination already exists for this application (credential ${pairs.get(key)})` });
    } else pairs.set(key, i);
  });
  return problems;
}
