import { ExpressionSyntaxError } from './syntax-error.js';

export type TokenKind = 'word' | 'string' | '[' | ']' | 'end';

export interface Token {
  kind: TokenKind;
  /** The word, or the string literal's value with `''` unescaped. */
  text: string;
  position: number;
}

const WORD_CHAR = /[A-Za-z_]/;
const SPACE = /\s/;

function readString(source: string, start: number): { token: Token; next: number } {
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === "'") {
      if (source[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { token: { kind: 'string', text: value, position: start }, next: i + 1 };
    }
    value += ch;
    i++;
  }
  throw new ExpressionSyntaxError('unterminated string literal', start);
}

/** Splits an expression into words (claims, eq, matches, and), string literals and brackets. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (SPACE.test(ch)) {
      i++;
    } else if (ch === '[' || ch === ']') {
      tokens.push({ kind: ch, text: ch, position: i });
      i++;
    } else if (ch === "'") {
      const { token, next } = readString(source, i);
      tokens.push(token);
      i = next;
    } else if (WORD_CHAR.test(ch)) {
      const start = i;
      while (i < source.length && WORD_CHAR.test(source[i]!)) i++;
      tokens.push({ kind: 'word', text: source.slice(start, i), position: start });
    } else {
      throw new ExpressionSyntaxError(`unexpected character '${ch}'`, i);
    }
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}
