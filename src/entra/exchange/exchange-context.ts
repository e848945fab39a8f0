import type { JWTPayload, KeyObject } from 'jose';
import type { Check } from '../../core/checks.js';
import type { DecodedJwt } from '../../core/jwt/compact-precheck.js';
import type { SigningKeyNotFound } from '../../core/jwt/issuer-keys.js';
import type { Application, DirectoryFic, ResourceMatch, Tenant } from '../directory/directory.js';
import type { Grant } from '../grants/grant.js';
import type { PublicBase } from '../http/known-hosts.js';
import type { RequestIds } from '../http/request-ids.js';
import type { EntraRuntime } from '../runtime.js';

/** The form as parsed: a parameter sent twice arrives as an array. */
export type RawForm = Record<string, string | string[] | undefined>;

export interface ExchangeRequest {
  /** 1 for `/oauth2/token` (`resource=`), 2 for `/oauth2/v2.0/token` (`scope=`). */
  endpointVersion: 1 | 2;
  tenantSegment: string;
  form: RawForm;
  base: PublicBase;
  ids: RequestIds;
  /** The client's IP address (IPv4-mapped IPv6 unwrapped): what a Conditional Access location reads. */
  clientAddress: string;
  /** One instant for every time check of this request. */
  receivedAtMs: number;
}

/** Which part of the request a check looks at; RFC 8693 names its errors after it. */
export type CheckStage = 'request' | 'client' | 'assertion' | 'target';

/** The target as the request names it (before it is looked up). */
export type TargetRequest = { param: 'scope' | 'resource' | 'audience'; value: string } | { missing: 'scope' | 'resource' };

export interface ResolvedTarget extends ResourceMatch {
  /** `<resource>/.default`, as the response's `scope` reports it. */
  scope: string;
}

/** What the checks learn, in order; a later check may rely on what an earlier one set. */
export interface ExchangeContext {
  readonly runtime: EntraRuntime;
  readonly request: ExchangeRequest;
  params: Record<string, string>;
  grant?: Grant;
  tenant?: Tenant;
  app?: Application;
  /** The external JWT: client_assertion or subject_token. */
  assertion?: string;
  jwt?: DecodedJwt;
  /** Credentials whose issuer, audience and subject (or expression, still to evaluate) fit. */
  candidates?: DirectoryFic[];
  issuerKey?: CryptoKey | KeyObject;
  missingKey?: SigningKeyNotFound;
  /** The payload once its signature verified. */
  verified?: JWTPayload;
  matchedCredential?: DirectoryFic;
  /** How the client proved itself: a federated assertion (appidacr 2) or a client secret (1). */
  clientAuthentication?: 'assertion' | 'secret';
  target?: ResolvedTarget;
  /** Report-only Conditional Access policies that would have blocked the request. */
  reportOnlyPolicies?: { id: string; displayName: string }[];
}

export interface ExchangeCheck extends Check<ExchangeContext> {
  readonly stage: CheckStage;
}

/** A value an earlier check must have set (a bug in the check order otherwise). */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`check order bug: ${what} not set`);
  return value;
}

/** A form parameter; empty counts as absent, as for Entra. */
export function param(ctx: ExchangeContext, name: string): string | undefined {
  const value = ctx.params[name];
  return value === undefined || value === '' ? undefined : value;
}
