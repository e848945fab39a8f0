import { evaluateClaimsExpression } from '../../src/entra/claims-expression/evaluate.js';
import { parseClaimsExpression } from '../../src/entra/claims-expression/parser.js';
import { ExpressionSyntaxError } from '../../src/entra/claims-expression/syntax-error.js';
import { wildcardMatch } from '../../src/entra/claims-expression/wildcard.js';

const AWS = 'https://sts.amazonaws.com/';

describe('parsing', () => {
  test("Entra's documented form: one comparison", () => {
    expect(parseClaimsExpression("claims['sub'] matches 'repo:contoso/contoso-repo:ref:refs/heads/*'").comparisons).toEqual([
      { path: ['sub'], operator: 'matches', value: 'repo:contoso/contoso-repo:ref:refs/heads/*', position: 0 },
    ]);
  });

  test('comparisons joined by and, with nested access into an object claim', () => {
    const source = `claims['${AWS}']['aws_account'] eq '111122223333' and claims['${AWS}']['principal_tags']['team'] eq 'platform'`;
    expect(parseClaimsExpression(source).comparisons).toEqual([
      { path: [AWS, 'aws_account'], operator: 'eq', value: '111122223333', position: 0 },
      { path: [AWS, 'principal_tags', 'team'], operator: 'eq', value: 'platform', position: source.indexOf("claims['https", 10) },
    ]);
  });

  test("'' inside a literal is one quote; whitespace between tokens is free", () => {
    expect(parseClaimsExpression("  claims [ 'it''s' ]   eq\t'o''brien''' ").comparisons[0]).toMatchObject({ path: ["it's"], value: "o'brien'" });
  });

  test('brackets and keywords inside literals are plain text', () => {
    expect(parseClaimsExpression("claims['sub'] eq 'a] and claims[''x'' eq'").comparisons[0]!.value).toBe("a] and claims['x' eq");
  });

  test.each([
    ["claims['sub'] eq 'abc", 17, 'unterminated string literal'],
    ["claims['sub'] == 'abc'", 14, "unexpected character '='"],
    ["claims['sub'] equals 'abc'", 14, "expected operator 'eq' or 'matches' but found 'equals'"],
    ["claims['sub'] eq abc", 17, "expected a quoted value but found 'abc'"],
    ["claim['sub'] eq 'abc'", 0, "expected claims['<name>'] but found 'claim'"],
    ["claims.sub eq 'abc'", 6, "unexpected character '.'"],
    ["claims['sub' eq 'abc'", 13, "expected ']' but found 'eq'"],
    ["claims[sub] eq 'abc'", 7, "expected a quoted claim name like 'sub' but found 'sub'"],
    ["claims[''] eq 'abc'", 7, 'claim name is empty'],
    ["claims eq 'abc'", 7, "expected '[' but found 'eq'"],
    ["claims['sub'] eq 'abc' or claims['aud'] eq 'x'", 23, "expected 'and' or end of expression but found 'or'"],
    ["claims['sub'] eq 'abc' and", 26, "expected claims['<name>'] but found end of expression"],
    ['', 0, "expected claims['<name>'] but found end of expression"],
  ])('%j is refused at position %i', (source, position, reason) => {
    let error: unknown;
    try {
      parseClaimsExpression(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionSyntaxError);
    expect(error).toMatchObject({ position, reason, message: `${reason} at position ${position}` });
  });
});

describe('wildcards', () => {
  test.each([
    ['repo:contoso/*', 'repo:contoso/app:ref:refs/heads/main', true],
    ['repo:contoso/*', 'repo:fabrikam/app', false],
    ['*', '', true],
    ['?', '', false],
    ['a?c', 'abc', true],
    ['a?c', 'abbc', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['*.prod', 'api.prod', true],
    ['ABC', 'abc', false],
    ['a**', 'a', true],
    ['role/*-workload', 'role/fedlab-workload', true],
  ])('%j matches %j: %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });

  test('a pathological pattern stays fast', () => {
    const started = Date.now();
    expect(wildcardMatch(`${'*a'.repeat(50)}b`, 'a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('evaluation', () => {
  const claims = {
    sub: 'arn:aws:iam::111122223333:role/fedlab-workload',
    aud: 'api://AzureADTokenExchange',
    [AWS]: { aws_account: '111122223333', principal_tags: { team: 'platform' }, ou_path: ['o-exampleorg1/r-ab12/ou-ab12-11111111/'], count: 3 },
  };
  const evaluate = (source: string) => evaluateClaimsExpression(parseClaimsExpression(source), claims);

  test('every comparison must hold', () => {
    expect(evaluate(`claims['${AWS}']['aws_account'] eq '111122223333' and claims['${AWS}']['principal_tags']['team'] eq 'platform'`).matched).toBe(true);
    const result = evaluate(`claims['${AWS}']['aws_account'] eq '111122223333' and claims['${AWS}']['principal_tags']['team'] eq 'analytics'`);
    expect(result).toMatchObject({ matched: false, failed: { comparison: { path: [AWS, 'principal_tags', 'team'] }, actual: 'platform' } });
  });

  test('eq is exact and case-sensitive; matches takes wildcards', () => {
    expect(evaluate("claims['sub'] eq 'arn:aws:iam::111122223333:role/FEDLAB-workload'").matched).toBe(false);
    expect(evaluate("claims['sub'] matches 'arn:aws:iam::111122223333:role/*'").matched).toBe(true);
  });

  test('an array claim holds when one of its strings does', () => {
    expect(evaluate(`claims['${AWS}']['ou_path'] matches 'o-exampleorg1/r-ab12/*'`).matched).toBe(true);
  });

  test('missing, numeric and object claims never hold', () => {
    expect(evaluate("claims['nope'] matches '*'").matched).toBe(false);
    expect(evaluate(`claims['${AWS}']['count'] eq '3'`).matched).toBe(false);
    expect(evaluate(`claims['${AWS}'] matches '*'`).matched).toBe(false);
    expect(evaluate(`claims['sub']['x'] matches '*'`).matched).toBe(false);
  });

  test('inherited properties are not claims', () => {
    expect(evaluate("claims['constructor'] matches '*'").matched).toBe(false);
    expect(evaluate("claims['sub']['length'] matches '*'").matched).toBe(false);
  });
});
