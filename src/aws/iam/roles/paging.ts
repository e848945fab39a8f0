import { CheckFailure, type Check } from '../../../core/checks.js';

export interface Page {
  start: number;
  maxItems: number;
}

const validation = (message: string) => new CheckFailure('ValidationError', `1 validation error detected: ${message}`, 400);

/** IAM's `Marker` / `MaxItems` (1..1000, default 100); the marker is fedlab's opaque position. */
export function pageChecks(params: URLSearchParams, page: Page): Check<unknown> {
  return {
    name: 'paging',
    run() {
      const max = params.get('MaxItems');
      if (max !== null) {
        if (!/^\d+$/.test(max) || Number(max) < 1 || Number(max) > 1000) throw validation(`Value '${max}' at 'maxItems' failed to satisfy constraint: Member must have value ${Number(max) < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`);
        page.maxItems = Number(max);
      }
      const marker = params.get('Marker');
      if (marker !== null) {
        const position = /^\d{1,6}$/.test(Buffer.from(marker, 'base64url').toString('utf8')) ? Number(Buffer.from(marker, 'base64url').toString('utf8')) : NaN;
        if (!Number.isInteger(position)) throw new CheckFailure('InvalidInput', 'Invalid Marker.', 400);
        page.start = position;
      }
    },
  };
}

/** One page and the `IsTruncated` / `Marker` lines after it. */
export function pageOf<T>(items: readonly T[], page: Page): { items: readonly T[]; tail: string[] } {
  const end = page.start + page.maxItems;
  const truncated = end < items.length;
  return {
    items: items.slice(page.start, end),
    tail: [`<IsTruncated>${truncated}</IsTruncated>`, ...(truncated ? [`<Marker>${Buffer.from(String(end)).toString('base64url')}</Marker>`] : [])],
  };
}

/** `PathPrefix` of the List calls: `/` and up to 511 printable ASCII characters. */
export function pathPrefixValid(params: URLSearchParams): Check<unknown> {
  return {
    name: 'path-prefix',
    run() {
      const prefix = params.get('PathPrefix') ?? '/';
      if (!/^\/[\u0021-\u007F]{0,511}$/.test(prefix)) {
        throw validation(`Value '${prefix}' at 'pathPrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*`);
      }
    },
  };
}
