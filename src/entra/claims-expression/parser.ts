import { ExpressionSyntaxError } from './syntax-error.js';
import { tokenize, type Token, type TokenKind } from './tokenizer.js';

export type Operator = 'eq' | 'matches';

/** `claims['a']['b'] op 'value'`: `path` is ['a', 'b']. */
export interface Comparison {
  path: string[];
  operator: Operator;
  value: string;
  /** Where the comparison starts in the source (for messages). */
  position: number;
}

/** Comparisons joined by `and` (the language has no `or` and no parentheses). */
export interface ClaimsExpression {
  source: string;
  comparisons: Comparison[];
}

const OPERATORS: readonly string[] = ['eq', 'matches'];

/**
 * Recursive descent over Entra's flexible-FIC grammar, with nested claim access added for
 * object claims such as AWS's `https://sts.amazonaws.com/` namespace:
 *
 *   expression := comparison ( 'and' comparison )*
 *   comparison := 'claims' ( '[' string ']' )+ operator string
 *   operator   := 'eq' | 'matches'
 */
export function parseClaimsExpression(source: string): ClaimsExpression {
  const tokens = tokenize(source);
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const describe = (token: Token) => (token.kind === 'end' ? 'end of expression' : token.kind === 'string' ? `string '${token.text}'` : `'${token.text}'`);

  function expect(kind: TokenKind, what: string, word?: string): Token {
    const token = peek();
    if (token.kind !== kind || (word !== undefined && token.text !== word)) {
      throw new ExpressionSyntaxError(`expected ${what} but found ${describe(token)}`, token.position);
    }
    index++;
    return token;
  }

  function claimPath(): string[] {
    const path: string[] = [];
    do {
      expect('[', "'['");
      const name = expect('string', "a quoted claim name like 'sub'");
      if (name.text === '') throw new ExpressionSyntaxError('claim name is empty', name.position);
      path.push(name.text);
      expect(']', "']'");
    } while (peek().kind === '[');
    return path;
  }

  function comparison(): Comparison {
    const start = expect('word', "claims['<name>']", 'claims');
    const path = claimPath();
    const op = peek();
    if (op.kind !== 'word' || !OPERATORS.includes(op.text)) {
      throw new ExpressionSyntaxError(`expected operator 'eq' or 'matches' but found ${describe(op)}`, op.position);
    }
    index++;
    const value = expect('string', 'a quoted value');
    return { path, operator: op.text as Operator, value: value.text, position: start.position };
  }

  const comparisons = [comparison()];
  while (peek().kind !== 'end') {
    expect('word', "'and' or end of expression", 'and');
    comparisons.push(comparison());
  }
  return { source, comparisons };
}
