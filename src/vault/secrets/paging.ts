import { badParameter } from '../errors.js';

/** Key Vault returns at most 25 items per page and accepts maxresults 1-25. */
export const MAX_PAGE_SIZE = 25;

export interface PageRequest {
  maxresults?: unknown;
  $skiptoken?: unknown;
}

export interface Page<T> {
  value: T[];
  /** Absolute URL of the next page, or null on the last one (as Key Vault sends it). */
  nextLink: string | null;
}

function pageSize(raw: unknown): number {
  if (raw === undefined) return MAX_PAGE_SIZE;
  const size = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(size >= 1 && size <= MAX_PAGE_SIZE)) throw badParameter(`The value of maxresults must be an integer between 1 and ${MAX_PAGE_SIZE}, got '${String(raw)}'.`);
  return size;
}

// The skip token is opaque to clients, as Key Vault's is: base64url JSON naming the next offset.
function offsetOf(raw: unknown): number {
  if (raw === undefined) return 0;
  try {
    const marker = JSON.parse(Buffer.from(String(raw), 'base64url').toString('utf8')) as { NextMarker?: unknown };
    if (Number.isInteger(marker.NextMarker) && (marker.NextMarker as number) >= 0) return marker.NextMarker as number;
  } catch {
    // fall through to the error below
  }
  throw badParameter(`The $skiptoken '${String(raw)}' is not valid.`);
}

/**
 * One page of `items`, with a nextLink that repeats api-version and maxresults the way
 * Key Vault's own nextLinks do.
 */
export function paginate<T>(items: readonly T[], query: PageRequest, pageUrl: string, apiVersion: string): Page<T> {
  const size = pageSize(query.maxresults);
  const offset = offsetOf(query.$skiptoken);
  const end = offset + size;
  if (end >= items.length) return { value: items.slice(offset), nextLink: null };
  const token = Buffer.from(JSON.stringify({ NextMarker: end })).toString('base64url');
  const maxresults = query.maxresults === undefined ? '' : `&maxresults=${size}`;
  return { value: items.slice(offset, end), nextLink: `${pageUrl}?api-version=${encodeURIComponent(apiVersion)}&$skiptoken=${token}${maxresults}` };
}
