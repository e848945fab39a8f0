/**
 * A lab page's `aws` command blocks as data, so the course driver does what the page says rather
 * than a copy of it: each ```sh block becomes the keys it exports and its `aws <service> <op>`
 * calls (flags, quoted JSON documents, `P=$(...)` captures, and whether the page marks the line
 * as refused).
 */

export interface AwsCall {
  service: string;
  /** `put-role-policy`, as written on the page. */
  operation: string;
  /** Flag → value, as written (`--duration-seconds` → `3600`). */
  flags: Record<string, string>;
  /** `P=$(aws ...)`: the shell variable that keeps the answer (with `--query`). */
  captureAs?: string;
  /** The page's comment says the call is refused. */
  refused: boolean;
  line: string;
}

export interface PageBlock {
  /** The access key id the block exports (whose keys the calls are signed with). */
  accessKeyId?: string;
  calls: AwsCall[];
}

const REFUSED = /#.*\brefused\b/;

/** Shell words of one line: quotes removed, `$VAR` kept as written; stops at an unquoted `#`. */
function words(line: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unclosed quote in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === ' ' || c === '\t') {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      break;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) out.push(word);
  return out;
}

function awsCall(line: string): AwsCall | undefined {
  const capture = /^(\w+)=\$\((.*)\)\s*(#.*)?$/.exec(line.trim());
  const command = capture ? capture[2]! : line;
  const parts = words(command);
  if (parts[0] !== 'aws') return undefined;
  const rest = parts.slice(1).filter((w) => w !== '$E' && !w.startsWith('--endpoint-url'));
  const [service, operation, ...args] = rest;
  if (!service || !operation) throw new Error(`not an aws <service> <operation> line: ${line}`);
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    if (!flag.startsWith('--')) throw new Error(`unexpected word ${flag} in: ${line}`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) flags[flag.slice(2)] = 'true';
    else (flags[flag.slice(2)] = value), i++;
  }
  return { service, operation, flags, ...(capture ? { captureAs: capture[1]! } : {}), refused: REFUSED.test(line), line: line.trim() };
}

/** The page's ```sh blocks that call `aws`, in page order. */
export function awsBlocks(page: string): PageBlock[] {
  const blocks = [...page.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!.replace(/\\\n\s*/g, ' '));
  return blocks
    .map((text) => {
      const lines = text.split('\n');
      const accessKeyId = lines.map((l) => /AWS_ACCESS_KEY_ID=(\S+)/.exec(l)?.[1]).find(Boolean);
      const calls = lines.map(awsCall).filter((c): c is AwsCall => c !== undefined);
      return { ...(accessKeyId ? { accessKeyId } : {}), calls };
    })
    .filter((b) => b.calls.length > 0);
}

/** `put-role-policy` → `PutRolePolicy` (the SDK's operation name). */
export const operationName = (operation: string) => operation.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** `--policy-document` → `PolicyDocument` (the SDK's member name). */
export const memberName = (flag: string) => operationName(flag);

/** `Policy.PolicySummary.Id` of an answer (what `--query ... --output text` prints). */
export function query(answer: unknown, path: string): string {
  let value = answer;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  if (typeof value !== 'string') throw new Error(`--query ${path}: no string in the answer`);
  return value;
}

/** Every ```json block of the page, parsed. */
export const jsonBlocks = (page: string): unknown[] => [...page.matchAll(/^```json\n([\s\S]*?)^```/gm)].map((m) => JSON.parse(m[1]!) as unknown);

/** The exercise numbers the page's shell blocks reset first (`fedlab lab reset N`). */
export const resetsOnPage = (page: string): number[] =>
  [...page.matchAll(/^```sh\n([\s\S]*?)^```/gm)].flatMap((m) => [...m[1]!.matchAll(/^fedlab lab reset (\d+)\s*$/gm)].map((r) => Number(r[1])));
