import { createHash } from 'node:crypto';
import { CheckFailure, type Check } from '../../core/checks.js';

/** LookupEvents' input, read from the JSON body (times are epoch seconds, as the SDKs send them). */
export interface LookupContext {
  readonly input: Record<string, unknown>;
  attribute?: { key: string; value: string };
  startMs?: number;
  endMs?: number;
  maxResults: number;
  /** `insight` asks for Insights events, which fedlab never has. */
  insights: boolean;
  /** The eventID to continue from (from NextToken). */
  after?: string;
  /** What a NextToken is bound to: the same filters must come with it. */
  fingerprint?: string;
}

/** The attribute keys LookupEvents knows (LookupAttributeKey). */
export const ATTRIBUTE_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;

const DEFAULT_MAX_RESULTS = 50;

const attributes: Check<LookupContext> = {
  name: 'lookup-attributes',
  run(ctx) {
    const list = ctx.input.LookupAttributes;
    if (list === undefined || list === null) return;
    const invalid = (message: string) => new CheckFailure('InvalidLookupAttributesException', message, 400);
    if (!Array.isArray(list)) throw invalid('LookupAttributes must be a list of AttributeKey and AttributeValue pairs.');
    if (list.length === 0) return;
    // "Currently the list can contain only one item." (LookupEvents API reference)
    if (list.length > 1) throw invalid('You can specify only one lookup attribute.');
    const { AttributeKey: key, AttributeValue: value } = (list[0] ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || !(ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
      throw invalid(`Invalid AttributeKey ${String(key)}: it must be one of ${ATTRIBUTE_KEYS.join(', ')}.`);
    }
    if (typeof value !== 'string' || value.length < 1 || value.length > 2000) throw invalid('AttributeValue must be 1 to 2000 characters long.');
    ctx.attribute = { key, value };
  },
};

const timeRange: Check<LookupContext> = {
  name: 'time-range',
  run(ctx) {
    const read = (name: 'StartTime' | 'EndTime') => {
      const v = ctx.input[name];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new CheckFailure('InvalidTimeRangeException', `${name} must be a timestamp (epoch seconds).`, 400);
      return v * 1000;
    };
    ctx.startMs = read('StartTime');
    ctx.endMs = read('EndTime');
    if (ctx.startMs !== undefined && ctx.endMs !== undefined && ctx.startMs > ctx.endMs) {
      throw new CheckFailure('InvalidTimeRangeException', 'Start time must not be after end time.', 400);
    }
  },
};

const maxResults: Check<LookupContext> = {
  name: 'max-results',
  run(ctx) {
    const v = ctx.input.MaxResults;
    if (v === undefined || v === null) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > DEFAULT_MAX_RESULTS) {
      throw new CheckFailure('InvalidMaxResultsException', `MaxResults must be an integer from 1 to ${DEFAULT_MAX_RESULTS}.`, 400);
    }
    ctx.maxResults = v;
  },
};

const eventCategory: Check<LookupContext> = {
  name: 'event-category',
  run(ctx) {
    const v = ctx.input.EventCategory;
    if (v === undefined || v === null) return;
    if (v !== 'insight') throw new CheckFailure('InvalidEventCategoryException', `Invalid EventCategory ${String(v)}: the only value is insight.`, 400);
    ctx.insights = true;
  },
};

/** A NextToken names where the last page stopped, bound to the filters that made it. */
export function queryFingerprint(ctx: LookupContext): string {
  const { attribute, startMs, endMs, insights } = ctx;
  return createHash('sha256').update(JSON.stringify([attribute ?? null, startMs ?? null, endMs ?? null, insights])).digest('base64url').slice(0, 16);
}

export const encodeNextToken = (fingerprint: string, eventId: string) => Buffer.from(JSON.stringify({ f: fingerprint, e: eventId })).toString('base64url');

const nextToken: Check<LookupContext> = {
  name: 'next-token',
  run(ctx) {
    ctx.fingerprint = queryFingerprint(ctx);
    const v = ctx.input.NextToken;
    if (v === undefined || v === null) return;
    const invalid = new CheckFailure('InvalidNextTokenException', 'A token that is not valid, or a token that was previously used in a request with different parameters.', 400);
    let decoded: { f?: unknown; e?: unknown } | undefined;
    try {
      decoded = typeof v === 'string' ? JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) : undefined;
    } catch {}
    if (!decoded || decoded.f !== ctx.fingerprint || typeof decoded.e !== 'string') throw invalid;
    ctx.after = decoded.e;
  },
};

/** LookupEvents' input, in the order the service looks at it. */
export const LOOKUP_CHECKS: readonly Check<LookupContext>[] = [attributes, timeRange, maxResults, eventCategory, nextToken];
export const newLookupContext = (input: Record<string, unknown>): LookupContext => ({ input, maxResults: DEFAULT_MAX_RESULTS, insights: false });
