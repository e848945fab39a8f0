/** Why a JOSE segment's JSON text is refused before JSON.parse sees it. */
export type JsonProblem = 'invalid-utf8' | 'byte-order-mark' | 'duplicate-member' | 'too-deep';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 text of a decoded segment; invalid sequences (overlong forms, lone 0xFF) are refused, not replaced. */
export function strictUtf8(bytes: Uint8Array): string | JsonProblem {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return 'invalid-utf8';
  }
  return text.charCodeAt(0) === 0xfeff ? 'byte-order-mark' : text;
}

const [QUOTE, BACKSLASH, OPEN_BRACE, OPEN_BRACKET, CLOSE_BRACE, CLOSE_BRACKET, COMMA] = [...'"\\{[}],'].map((c) => c.charCodeAt(0));

/**
 * Finds duplicate member names (after unescaping, so `"a"` and `"\u0061"` collide) and nesting deeper
 * than `maxDepth`, without recursion. JSON.parse keeps the last duplicate; jose does too, so a token with
 * `{"sub":"x","sub":"y"}` would mean different things to different readers (RFC 8725 §3.7, CVE-2022-39227).
 * Syntax errors are left to JSON.parse: this only reads what a valid document would contain.
 */
export function jsonStructureProblem(text: string, maxDepth = 32): JsonProblem | undefined {
  // One entry per open container: a Set of member names for objects, null for arrays.
  const stack: (Set<string> | null)[] = [];
  let expectingKey = false;
  // Character codes, not one-character strings: this runs on every assertion before it is trusted.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) !== QUOTE) end += text.charCodeAt(end) === BACKSLASH ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectingKey && top) {
        let name: string;
        try {
          name = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return undefined;
        }
        if (top.has(name)) return 'duplicate-member';
        top.add(name);
        expectingKey = false;
      }
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      stack.push(c === OPEN_BRACE ? new Set() : null);
      if (stack.length > maxDepth) return 'too-deep';
      expectingKey = c === OPEN_BRACE;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      stack.pop();
      expectingKey = false;
    } else if (c === COMMA) {
      expectingKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return undefined;
}
