import { describe, expect, it } from '@jest/globals';
import { accessDeniedMessage, evaluatePolicies, MalformedPolicyError, parsePolicyDocument, type PolicyLayers } from '../../../src/aws/iam/policy/index.js';
import type { AuthorizationRequest } from '../../../src/aws/iam/policy/request.js';

/*
 * The evaluator against AWS's documented examples: evaluation logic, multivalued keys, IfExists,
 * Null, NotAction/NotResource, policy variables, SCP levels, boundaries and session policies.
 * Each row: layers (documents as JSON objects), request overrides, expected decision and layer.
 */

const ROLE = 'arn:aws:iam::111122223333:role/token-minter';
const GET = 'sts:GetWebIdentityToken';

type Doc = Record<string, unknown>;
const allow = (extra: Doc = {}): Doc => ({ Version: '2012-10-17', Statement: [{ Sid: 'Allow', Effect: 'Allow', Action: GET, Resource: '*', ...extra }] });
const deny = (extra: Doc = {}): Doc => ({ Version: '2012-10-17', Statement: [{ Sid: 'Deny', Effect: 'Deny', Action: GET, Resource: '*', ...extra }] });
const when = (condition: Doc): Doc => allow({ Condition: condition });
const FULL = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } };

interface Row {
  name: string;
  identity?: Doc[];
  boundary?: Doc;
  session?: Doc;
  scps?: Doc[][];
  rcps?: Doc[][];
  action?: string;
  resource?: string;
  context?: AuthorizationRequest['context'];
  allowed: boolean;
  layer?: string;
  denial?: 'explicit' | 'implicit';
  sid?: string;
}

const AUD = 'sts:IdentityTokenAudience';
const DUR = 'sts:DurationSeconds';
const ctx = (audiences: string[], extra: AuthorizationRequest['context'] = {}) => ({ [AUD]: audiences, [DUR]: '300', 'sts:SigningAlgorithm': 'RS256', ...extra });

const ROWS: Row[] = [
  // Evaluation logic
  { name: 'no policy at all: default deny', identity: [], allowed: false, layer: 'identity-based policy', denial: 'implicit' },
  { name: 'plain allow', identity: [allow()], allowed: true, layer: 'identity-based policy', sid: 'Allow' },
  { name: 'allow for another action only', identity: [allow({ Action: 'sts:GetCallerIdentity' })], allowed: false, layer: 'identity-based policy' },
  { name: 'action wildcard sts:*', identity: [allow({ Action: 'sts:*' })], allowed: true },
  { name: 'action wildcard sts:Get*', identity: [allow({ Action: 'sts:Get*' })], allowed: true },
  { name: 'action wildcard ?', identity: [allow({ Action: 'sts:GetWebIdentityToke?' })], allowed: true },
  { name: 'action match is case-insensitive', identity: [allow({ Action: 'STS:getwebidentitytoken' })], allowed: true },
  { name: 'action list', identity: [allow({ Action: ['iam:GetRole', GET] })], allowed: true },
  { name: 'action *', identity: [FULL], allowed: true },
  { name: 'explicit deny beats allow', identity: [allow(), deny()], allowed: false, layer: 'identity-based policy', denial: 'explicit', sid: 'Deny' },
  { name: 'deny in a second policy beats allow', identity: [FULL, deny()], allowed: false, denial: 'explicit' },
  { name: 'deny for another action does not apply', identity: [allow(), deny({ Action: 'iam:*' })], allowed: true },
  { name: 'NotAction allow covers the action', identity: [allow({ Action: undefined, NotAction: 'iam:*' })], allowed: true },
  { name: 'NotAction allow excludes the action', identity: [allow({ Action: undefined, NotAction: 'sts:*' })], allowed: false },
  { name: 'NotAction deny excludes the action', identity: [FULL, deny({ Action: undefined, NotAction: 'sts:GetWebIdentityToken' })], allowed: true },
  { name: 'NotAction deny covers other actions', identity: [FULL, deny({ Action: undefined, NotAction: 'iam:*' })], allowed: false, denial: 'explicit' },
  { name: 'resource * matches', identity: [allow({ Resource: '*' })], allowed: true },
  { name: 'resource ARN wildcard', identity: [allow({ Resource: 'arn:aws:iam::111122223333:role/*' })], resource: ROLE, allowed: true },
  { name: 'resource ARN of another account', identity: [allow({ Resource: 'arn:aws:iam::444455556666:role/*' })], resource: ROLE, allowed: false },
  { name: 'resource match is case-sensitive', identity: [allow({ Resource: 'arn:aws:iam::111122223333:role/Token-Minter' })], resource: ROLE, allowed: false },
  { name: 'NotResource allow', identity: [allow({ Resource: undefined, NotResource: 'arn:aws:iam::444455556666:*' })], resource: ROLE, allowed: true },
  { name: 'NotResource allow excludes', identity: [allow({ Resource: undefined, NotResource: 'arn:aws:iam::111122223333:*' })], resource: ROLE, allowed: false },
  { name: 'statement object, not array', identity: [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: GET, Resource: '*' } }], allowed: true },
  // Audience: StringEquals, ForAllValues / ForAnyValue (multivalued)
  { name: 'StringEquals one audience allowed', identity: [when({ StringEquals: { [AUD]: 'api://AzureADTokenExchange' } })], context: ctx(['api://AzureADTokenExchange']), allowed: true },
  { name: 'StringEquals other audience', identity: [when({ StringEquals: { [AUD]: 'api://AzureADTokenExchange' } })], context: ctx(['https://evil.example.com']), allowed: false },
  { name: 'StringEquals without qualifier, two audiences, one matches', identity: [when({ StringEquals: { [AUD]: 'api://AzureADTokenExchange' } })], context: ctx(['api://AzureADTokenExchange', 'https://evil.example.com']), allowed: true },
  { name: 'ForAllValues all audiences allowed', identity: [when({ 'ForAllValues:StringEquals': { [AUD]: ['api://AzureADTokenExchange', 'https://api.example.com'] } })], context: ctx(['api://AzureADTokenExchange', 'https://api.example.com']), allowed: true },
  { name: 'ForAllValues one audience not allowed', identity: [when({ 'ForAllValues:StringEquals': { [AUD]: ['api://AzureADTokenExchange'] } })], context: ctx(['api://AzureADTokenExchange', 'https://evil.example.com']), allowed: false },
  { name: 'ForAllValues with absent key is true', identity: [when({ 'ForAllValues:StringEquals': { [AUD]: ['api://AzureADTokenExchange'] } })], context: {}, allowed: true },
  { name: 'ForAllValues + Null false guards absent key', identity: [when({ 'ForAllValues:StringEquals': { [AUD]: ['a'] }, Null: { [AUD]: 'false' } })], context: {}, allowed: false },
  { name: 'ForAnyValue one matches', identity: [when({ 'ForAnyValue:StringEquals': { [AUD]: ['api://AzureADTokenExchange'] } })], context: ctx(['x', 'api://AzureADTokenExchange']), allowed: true },
  { name: 'ForAnyValue none matches', identity: [when({ 'ForAnyValue:StringEquals': { [AUD]: ['api://AzureADTokenExchange'] } })], context: ctx(['x', 'y']), allowed: false },
  { name: 'ForAnyValue absent key is false', identity: [when({ 'ForAnyValue:StringEquals': { [AUD]: ['a'] } })], context: {}, allowed: false },
  { name: 'ForAllValues:StringLike wildcard (AWS managed policy style)', identity: [when({ 'ForAllValues:StringLike': { [AUD]: ['https://*.amazonaws.com'] }, Null: { [AUD]: 'false' } })], context: ctx(['https://ipam.us-east-1.amazonaws.com']), allowed: true },
  { name: 'ForAllValues:StringLike wildcard refuses other host', identity: [when({ 'ForAllValues:StringLike': { [AUD]: ['https://*.amazonaws.com'] } })], context: ctx(['https://evil.example.com']), allowed: false },
  { name: 'ForAnyValue:StringNotEquals one differs', identity: [when({ 'ForAnyValue:StringNotEquals': { [AUD]: ['a'] } })], context: ctx(['a', 'b']), allowed: true },
  { name: 'ForAnyValue:StringNotEquals all equal', identity: [when({ 'ForAnyValue:StringNotEquals': { [AUD]: ['a'] } })], context: ctx(['a']), allowed: false },
  { name: 'ForAllValues:StringNotEquals none listed', identity: [when({ 'ForAllValues:StringNotEquals': { [AUD]: ['a', 'b'] } })], context: ctx(['c', 'd']), allowed: true },
  { name: 'ForAllValues:StringNotEquals one listed', identity: [when({ 'ForAllValues:StringNotEquals': { [AUD]: ['a', 'b'] } })], context: ctx(['c', 'a']), allowed: false },
  { name: 'deny ForAnyValue:StringNotLike refuses outside audience', identity: [allow(), deny({ Condition: { 'ForAnyValue:StringNotLike': { [AUD]: ['api://*'] } } })], context: ctx(['api://AzureADTokenExchange', 'https://x']), allowed: false, denial: 'explicit' },
  { name: 'deny ForAnyValue:StringNotLike passes inside audiences', identity: [allow(), deny({ Condition: { 'ForAnyValue:StringNotLike': { [AUD]: ['api://*'] } } })], context: ctx(['api://AzureADTokenExchange']), allowed: true },
  // String operators
  { name: 'StringNotEquals matches other value', identity: [when({ StringNotEquals: { 'sts:SigningAlgorithm': 'ES384' } })], context: ctx(['a']), allowed: true },
  { name: 'StringNotEquals same value', identity: [when({ StringNotEquals: { 'sts:SigningAlgorithm': 'RS256' } })], context: ctx(['a']), allowed: false },
  { name: 'StringNotEquals absent key is true', identity: [when({ StringNotEquals: { 'sts:SigningAlgorithm': 'RS256' } })], context: {}, allowed: true },
  { name: 'StringEquals absent key is false', identity: [when({ StringEquals: { 'sts:SigningAlgorithm': 'RS256' } })], context: {}, allowed: false },
  { name: 'StringEquals is case-sensitive', identity: [when({ StringEquals: { 'sts:SigningAlgorithm': 'rs256' } })], context: ctx(['a']), allowed: false },
  { name: 'StringEqualsIgnoreCase', identity: [when({ StringEqualsIgnoreCase: { 'sts:SigningAlgorithm': 'rs256' } })], context: ctx(['a']), allowed: true },
  { name: 'StringNotEqualsIgnoreCase same value other case', identity: [when({ StringNotEqualsIgnoreCase: { 'sts:SigningAlgorithm': 'rs256' } })], context: ctx(['a']), allowed: false },
  { name: 'StringLike ? wildcard', identity: [when({ StringLike: { 'sts:SigningAlgorithm': 'RS2?6' } })], context: ctx(['a']), allowed: true },
  { name: 'StringLike no match', identity: [when({ StringLike: { 'sts:SigningAlgorithm': 'ES*' } })], context: ctx(['a']), allowed: false },
  { name: 'StringNotLike no match is true', identity: [when({ StringNotLike: { 'sts:SigningAlgorithm': 'ES*' } })], context: ctx(['a']), allowed: true },
  { name: 'StringNotLike absent key is true', identity: [when({ StringNotLike: { 'sts:SigningAlgorithm': 'ES*' } })], context: {}, allowed: true },
  { name: 'condition values OR', identity: [when({ StringEquals: { 'sts:SigningAlgorithm': ['ES384', 'RS256'] } })], context: ctx(['a']), allowed: true },
  { name: 'condition keys AND (one fails)', identity: [when({ StringEquals: { 'sts:SigningAlgorithm': 'RS256', 'aws:RequestedRegion': 'eu-west-1' } })], context: ctx(['a'], { 'aws:RequestedRegion': 'us-east-1' }), allowed: false },
  { name: 'condition keys AND (both hold)', identity: [when({ StringEquals: { 'sts:SigningAlgorithm': 'RS256', 'aws:RequestedRegion': 'us-east-1' } })], context: ctx(['a'], { 'aws:RequestedRegion': 'us-east-1' }), allowed: true },
  { name: 'operators AND', identity: [when({ StringEquals: { 'sts:SigningAlgorithm': 'RS256' }, NumericLessThanEquals: { [DUR]: '60' } })], context: ctx(['a']), allowed: false },
  { name: 'condition key names are case-insensitive', identity: [when({ StringEquals: { 'STS:SIGNINGALGORITHM': 'RS256' } })], context: ctx(['a']), allowed: true },
  { name: 'StringEqualsIfExists absent', identity: [when({ StringEqualsIfExists: { 'sts:SubjectMode': 'AWSIdentity' } })], context: {}, allowed: true },
  { name: 'StringEqualsIfExists present and different', identity: [when({ StringEqualsIfExists: { 'sts:SubjectMode': 'AWSIdentity' } })], context: { 'sts:SubjectMode': 'OriginIdentity' }, allowed: false },
  { name: 'StringEqualsIfExists present and equal', identity: [when({ StringEqualsIfExists: { 'sts:SubjectMode': 'AWSIdentity' } })], context: { 'sts:SubjectMode': 'AWSIdentity' }, allowed: true },
  // Numeric (Microsoft's AWS → Entra guide: NumericLessThanEquals on sts:DurationSeconds)
  { name: 'NumericLessThanEquals at the cap', identity: [when({ NumericLessThanEquals: { [DUR]: 300 } })], context: ctx(['a']), allowed: true },
  { name: 'NumericLessThanEquals over the cap', identity: [when({ NumericLessThanEquals: { [DUR]: 300 } })], context: ctx(['a'], { [DUR]: '301' }), allowed: false },
  { name: 'NumericLessThan at the bound', identity: [when({ NumericLessThan: { [DUR]: 300 } })], context: ctx(['a']), allowed: false },
  { name: 'NumericGreaterThan', identity: [when({ NumericGreaterThan: { [DUR]: 299 } })], context: ctx(['a']), allowed: true },
  { name: 'NumericGreaterThanEquals', identity: [when({ NumericGreaterThanEquals: { [DUR]: 301 } })], context: ctx(['a']), allowed: false },
  { name: 'NumericEquals', identity: [when({ NumericEquals: { [DUR]: '300' } })], context: ctx(['a']), allowed: true },
  { name: 'NumericNotEquals', identity: [when({ NumericNotEquals: { [DUR]: '300' } })], context: ctx(['a']), allowed: false },
  { name: 'NumericLessThanEquals absent key is false', identity: [when({ NumericLessThanEquals: { [DUR]: 300 } })], context: {}, allowed: false },
  { name: 'NumericLessThanEqualsIfExists absent key', identity: [when({ NumericLessThanEqualsIfExists: { [DUR]: 300 } })], context: {}, allowed: true },
  { name: 'Numeric with non-numeric policy value never matches', identity: [when({ NumericLessThanEquals: { [DUR]: 'abc' } })], context: ctx(['a']), allowed: false },
  { name: 'deny NumericGreaterThan 900', identity: [allow(), deny({ Condition: { NumericGreaterThan: { [DUR]: 900 } } })], context: ctx(['a'], { [DUR]: '3600' }), allowed: false, denial: 'explicit' },
  { name: 'deny NumericGreaterThan 900 passes 900', identity: [allow(), deny({ Condition: { NumericGreaterThan: { [DUR]: 900 } } })], context: ctx(['a'], { [DUR]: '900' }), allowed: true },
  // Date
  { name: 'DateLessThan before', identity: [when({ DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } })], context: { 'aws:CurrentTime': '2026-12-03T12:00:00Z' }, allowed: true },
  { name: 'DateLessThan after', identity: [when({ DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } })], context: { 'aws:CurrentTime': '2026-12-03T12:00:00Z' }, allowed: false },
  { name: 'DateGreaterThan', identity: [when({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } })], context: { 'aws:CurrentTime': '2026-12-03T12:00:00Z' }, allowed: true },
  { name: 'DateGreaterThanEquals equal', identity: [when({ DateGreaterThanEquals: { 'aws:CurrentTime': '2026-12-03T12:00:00Z' } })], context: { 'aws:CurrentTime': '2026-12-03T12:00:00Z' }, allowed: true },
  { name: 'DateEquals epoch vs ISO', identity: [when({ DateEquals: { 'aws:EpochTime': '2026-12-03T12:00:00Z' } })], context: { 'aws:EpochTime': String(Date.parse('2026-12-03T12:00:00Z') / 1000) }, allowed: true },
  { name: 'DateNotEquals', identity: [when({ DateNotEquals: { 'aws:CurrentTime': '2026-12-03T12:00:00Z' } })], context: { 'aws:CurrentTime': '2026-12-03T12:00:00Z' }, allowed: false },
  { name: 'DateLessThanEquals with epoch policy value', identity: [when({ DateLessThanEquals: { 'aws:EpochTime': '1900000000' } })], context: { 'aws:EpochTime': '1800000000' }, allowed: true },
  // Bool, Null
  { name: 'Bool true', identity: [when({ Bool: { 'aws:SecureTransport': 'true' } })], context: { 'aws:SecureTransport': 'true' }, allowed: true },
  { name: 'Bool false vs true', identity: [when({ Bool: { 'aws:SecureTransport': 'true' } })], context: { 'aws:SecureTransport': 'false' }, allowed: false },
  { name: 'Bool JSON boolean value', identity: [when({ Bool: { 'aws:SecureTransport': true } })], context: { 'aws:SecureTransport': 'true' }, allowed: true },
  { name: 'Bool absent key', identity: [when({ Bool: { 'aws:SecureTransport': 'true' } })], context: {}, allowed: false },
  { name: 'deny Bool false (SecureTransport)', identity: [allow(), deny({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })], context: { 'aws:SecureTransport': 'false' }, allowed: false, denial: 'explicit' },
  { name: 'Null true with absent key', identity: [when({ Null: { 'aws:TagKeys': 'true' } })], context: {}, allowed: true },
  { name: 'Null true with present key', identity: [when({ Null: { 'aws:TagKeys': 'true' } })], context: { 'aws:TagKeys': ['team'] }, allowed: false },
  { name: 'Null false with present key', identity: [when({ Null: { [DUR]: 'false' } })], context: ctx(['a']), allowed: true },
  { name: 'Null false with absent key', identity: [when({ Null: { [DUR]: 'false' } })], context: {}, allowed: false },
  { name: 'Null: empty multivalued key counts as absent', identity: [when({ Null: { 'aws:TagKeys': 'true' } })], context: { 'aws:TagKeys': [] }, allowed: true },
  // Tags
  { name: 'aws:RequestTag equals', identity: [allow({ Action: 'sts:TagGetWebIdentityToken', Condition: { StringEquals: { 'aws:RequestTag/team': 'data' } } })], action: 'sts:TagGetWebIdentityToken', context: { 'aws:RequestTag/team': 'data', 'aws:TagKeys': ['team'] }, allowed: true },
  { name: 'aws:RequestTag other value', identity: [allow({ Action: 'sts:TagGetWebIdentityToken', Condition: { StringEquals: { 'aws:RequestTag/team': 'data' } } })], action: 'sts:TagGetWebIdentityToken', context: { 'aws:RequestTag/team': 'web' }, allowed: false },
  { name: 'aws:TagKeys ForAllValues allowed keys', identity: [allow({ Action: 'sts:TagGetWebIdentityToken', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } } })], action: 'sts:TagGetWebIdentityToken', context: { 'aws:TagKeys': ['team'] }, allowed: true },
  { name: 'aws:TagKeys ForAllValues extra key', identity: [allow({ Action: 'sts:TagGetWebIdentityToken', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } })], action: 'sts:TagGetWebIdentityToken', context: { 'aws:TagKeys': ['team', 'cost'] }, allowed: false },
  { name: 'aws:TagKeys ForAnyValue required key', identity: [allow({ Action: 'sts:TagGetWebIdentityToken', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } } })], action: 'sts:TagGetWebIdentityToken', context: { 'aws:TagKeys': ['env', 'team'] }, allowed: true },
  // Arn
  { name: 'ArnLike principal ARN', identity: [when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/token-*' } })], context: { 'aws:PrincipalArn': ROLE }, allowed: true },
  { name: 'ArnLike other account', identity: [when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/*' } })], context: { 'aws:PrincipalArn': ROLE }, allowed: false },
  { name: 'ArnEquals exact', identity: [when({ ArnEquals: { 'aws:PrincipalArn': ROLE } })], context: { 'aws:PrincipalArn': ROLE }, allowed: true },
  { name: 'ArnNotLike', identity: [when({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/admin*' } })], context: { 'aws:PrincipalArn': ROLE }, allowed: true },
  { name: 'ArnNotEquals same', identity: [when({ ArnNotEquals: { 'aws:PrincipalArn': ROLE } })], context: { 'aws:PrincipalArn': ROLE }, allowed: false },
  { name: 'ArnLike wildcard does not cross components', identity: [when({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } })], context: { 'aws:PrincipalArn': ROLE }, allowed: false },
  { name: 'IpAddress in range', identity: [when({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })], context: { 'aws:SourceIp': '203.0.113.7' }, allowed: true },
  { name: 'NotIpAddress in range', identity: [when({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })], context: { 'aws:SourceIp': '203.0.113.7' }, allowed: false },
  // Global principal keys
  { name: 'aws:PrincipalAccount', identity: [when({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } })], context: { 'aws:PrincipalAccount': '111122223333' }, allowed: true },
  { name: 'aws:PrincipalOrgID mismatch', identity: [when({ StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } })], context: { 'aws:PrincipalOrgID': 'o-otherorg11' }, allowed: false },
  { name: 'aws:PrincipalOrgPaths ForAnyValue:StringLike', identity: [when({ 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-exampleorgid/r-ab12/ou-ab12-11111111/*'] } })], context: { 'aws:PrincipalOrgPaths': ['o-exampleorgid/r-ab12/ou-ab12-11111111/ou-ab12-22222222/'] }, allowed: true },
  { name: 'aws:PrincipalTag', identity: [when({ StringEquals: { 'aws:PrincipalTag/team': 'data' } })], context: { 'aws:PrincipalTag/team': 'data' }, allowed: true },
  // Policy variables
  { name: 'variable in condition value', identity: [when({ StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' } })], context: { 'aws:RequestTag/team': 'data', 'aws:PrincipalTag/team': 'data' }, allowed: true },
  { name: 'variable in condition value, other tag', identity: [when({ StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' } })], context: { 'aws:RequestTag/team': 'web', 'aws:PrincipalTag/team': 'data' }, allowed: false },
  { name: 'unresolved variable matches nothing', identity: [when({ StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' } })], context: { 'aws:RequestTag/team': '' }, allowed: false },
  { name: 'variable default value', identity: [when({ StringEquals: { 'aws:RequestTag/team': "${aws:PrincipalTag/team, 'none'}" } })], context: { 'aws:RequestTag/team': 'none' }, allowed: true },
  { name: 'variable in resource (aws:username)', identity: [allow({ Action: 'iam:GetUser', Resource: 'arn:aws:iam::111122223333:user/${aws:username}' })], action: 'iam:GetUser', resource: 'arn:aws:iam::111122223333:user/alice', context: { 'aws:username': 'alice' }, allowed: true },
  { name: 'variable in resource, other user', identity: [allow({ Action: 'iam:GetUser', Resource: 'arn:aws:iam::111122223333:user/${aws:username}' })], action: 'iam:GetUser', resource: 'arn:aws:iam::111122223333:user/bob', context: { 'aws:username': 'alice' }, allowed: false },
  { name: 'variables are literal in Version 2008-10-17', identity: [{ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::111122223333:user/${aws:username}' }] }], action: 'iam:GetUser', resource: 'arn:aws:iam::111122223333:user/alice', context: { 'aws:username': 'alice' }, allowed: false },
  { name: '${*} escape is a literal star', identity: [when({ StringLike: { 'aws:RequestTag/team': 'a${*}' } })], context: { 'aws:RequestTag/team': 'abc' }, allowed: false },
  { name: '${*} escape matches a star', identity: [when({ StringLike: { 'aws:RequestTag/team': 'a${*}' } })], context: { 'aws:RequestTag/team': 'a*' }, allowed: true },
  // Permissions boundary (intersection)
  { name: 'boundary allows too', identity: [allow()], boundary: allow(), allowed: true },
  { name: 'boundary does not allow', identity: [allow()], boundary: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }, allowed: false, layer: 'permissions boundary', denial: 'implicit' },
  { name: 'boundary alone grants nothing', identity: [], boundary: FULL, allowed: false, layer: 'identity-based policy' },
  { name: 'explicit deny in boundary', identity: [allow()], boundary: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: GET, Resource: '*' }] }, allowed: false, layer: 'permissions boundary', denial: 'explicit' },
  { name: 'boundary with duration condition refuses', identity: [allow()], boundary: when({ NumericLessThanEquals: { [DUR]: 900 } }), context: ctx(['a'], { [DUR]: '3600' }), allowed: false, layer: 'permissions boundary' },
  { name: 'boundary with duration condition allows', identity: [allow()], boundary: when({ NumericLessThanEquals: { [DUR]: 900 } }), context: ctx(['a'], { [DUR]: '900' }), allowed: true },
  // Session policy
  { name: 'session policy allows', identity: [FULL], session: allow(), allowed: true },
  { name: 'session policy does not allow', identity: [FULL], session: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, allowed: false, layer: 'session policy' },
  { name: 'session policy alone grants nothing', identity: [], session: FULL, allowed: false, layer: 'identity-based policy' },
  { name: 'explicit deny in session policy', identity: [FULL], session: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'sts:*', Resource: '*' }] }, allowed: false, layer: 'session policy', denial: 'explicit' },
  // SCPs: every level from the root to the account must allow
  { name: 'SCP FullAWSAccess at root and account', identity: [allow()], scps: [[FULL], [FULL]], allowed: true },
  { name: 'SCP level without allow', identity: [allow()], scps: [[FULL], []], allowed: false, layer: 'service control policy', denial: 'implicit' },
  { name: 'SCP allow list without the action', identity: [allow()], scps: [[FULL], [{ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'iam:*', Resource: '*' } }]], allowed: false, layer: 'service control policy' },
  { name: 'SCP deny over 900 seconds', identity: [allow()], scps: [[FULL, deny({ Sid: 'CapTokenLifetime', Condition: { NumericGreaterThan: { [DUR]: 900 } } })]], context: ctx(['a'], { [DUR]: '3600' }), allowed: false, layer: 'service control policy', denial: 'explicit', sid: 'CapTokenLifetime' },
  { name: 'SCP deny over 900 seconds lets 900 through', identity: [allow()], scps: [[FULL, deny({ Condition: { NumericGreaterThan: { [DUR]: 900 } } })]], context: ctx(['a'], { [DUR]: '900' }), allowed: true },
  { name: 'SCP allows but identity does not', identity: [], scps: [[FULL]], allowed: false, layer: 'identity-based policy' },
  { name: 'SCP audience allow-list', identity: [allow()], scps: [[FULL], [{ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: GET, Resource: '*', Condition: { 'ForAnyValue:StringNotEquals': { [AUD]: ['api://AzureADTokenExchange'] } } }] }, FULL]], context: ctx(['https://other']), allowed: false, layer: 'service control policy', denial: 'explicit' },
  { name: 'SCP deny beats identity allow order-independently', identity: [FULL], scps: [[deny(), FULL]], allowed: false, layer: 'service control policy', denial: 'explicit' },
  { name: 'SCP NotAction allow', identity: [allow()], scps: [[{ Version: '2012-10-17', Statement: { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' } }]], allowed: true },
  // RCPs
  { name: 'RCP full access', identity: [allow()], rcps: [[FULL]], allowed: true },
  { name: 'RCP explicit deny', identity: [allow()], rcps: [[FULL, deny()]], allowed: false, layer: 'resource control policy', denial: 'explicit' },
  { name: 'RCP level without allow', identity: [allow()], rcps: [[]], allowed: false, layer: 'resource control policy', denial: 'implicit' },
  { name: 'SCP checked before RCP', identity: [allow()], scps: [[]], rcps: [[]], allowed: false, layer: 'service control policy' },
  { name: 'all layers allow', identity: [allow()], scps: [[FULL], [FULL]], rcps: [[FULL]], boundary: allow(), session: allow(), allowed: true, layer: 'identity-based policy' },
  { name: 'IAM action through the same logic', identity: [allow({ Action: 'iam:EnableOutboundWebIdentityFederation' })], action: 'iam:EnableOutboundWebIdentityFederation', allowed: true },
  { name: 'IAM action refused', identity: [allow()], action: 'iam:DisableOutboundWebIdentityFederation', allowed: false, layer: 'identity-based policy' },
];

const parse = (doc: Doc) => parsePolicyDocument(JSON.stringify(doc));
const named = (docs: Doc[], prefix: string) => docs.map((d, i) => ({ name: `${prefix}${i}`, document: parse(d) }));

function layersOf(row: Row): PolicyLayers {
  return {
    identity: named(row.identity ?? [], 'identity'),
    boundary: row.boundary ? named([row.boundary], 'boundary') : undefined,
    session: row.session ? named([row.session], 'session') : undefined,
    scps: row.scps?.map((level, i) => ({ target: `level${i}`, policies: named(level, `scp${i}-`) })),
    rcps: row.rcps?.map((level, i) => ({ target: `level${i}`, policies: named(level, `rcp${i}-`) })),
  };
}

describe('IAM policy evaluation (AWS documented semantics)', () => {
  it('has at least 100 cases', () => expect(ROWS.length).toBeGreaterThanOrEqual(100));

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', (_, row) => {
    const request: AuthorizationRequest = {
      principal: { arn: ROLE, account: '111122223333' },
      action: row.action ?? GET,
      resource: row.resource ?? '*',
      context: row.context ?? ctx(['api://AzureADTokenExchange']),
    };
    const decision = evaluatePolicies(request, layersOf(row));
    expect(decision.allowed).toBe(row.allowed);
    if (row.layer) expect(decision.layer).toBe(row.layer);
    if (row.denial) expect(decision.denial).toBe(row.denial);
    if (row.sid) expect(decision.statement?.sid).toBe(row.sid);
    if (!row.allowed) expect(decision.trace.some((t) => t.outcome === 'failed' && t.check === decision.failedCheck)).toBe(true);
  });
});

describe('trust policies (resource-based, Principal)', () => {
  const trust = (principal: unknown, extra: Doc = {}) =>
    parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }] }, 'resource');
  const req = (arn: string, account = '111122223333', more: Partial<AuthorizationRequest['principal']> = {}): AuthorizationRequest => ({
    principal: { arn, account, ...more },
    action: 'sts:AssumeRole',
    resource: ROLE,
    context: {},
  });
  const decide = (doc: ReturnType<typeof trust>, r: AuthorizationRequest) => evaluatePolicies(r, { resource: [{ name: 'trust', document: doc }] }).allowed;

  it.each([
    ['account root', { AWS: 'arn:aws:iam::111122223333:root' }, req('arn:aws:iam::111122223333:user/alice'), true],
    ['bare account id', { AWS: '111122223333' }, req('arn:aws:iam::111122223333:user/alice'), true],
    ['other account', { AWS: '444455556666' }, req('arn:aws:iam::111122223333:user/alice'), false],
    ['role ARN matches its session', { AWS: ROLE }, req('arn:aws:sts::111122223333:assumed-role/token-minter/s', '111122223333', { roleArn: ROLE }), true],
    ['Principal *', '*', req('arn:aws:iam::444455556666:user/x', '444455556666'), true],
    ['Federated provider', { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, req('x', '111122223333', { federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }), true],
    ['Service principal mismatch', { Service: 'lambda.amazonaws.com' }, req('x', '111122223333', { service: 'ec2.amazonaws.com' }), false],
  ] as const)('%s', (_, principal, request, expected) => expect(decide(trust(principal), request)).toBe(expected));

  it('cross-account needs identity and resource policy', () => {
    const r = req('arn:aws:iam::444455556666:user/x', '444455556666');
    const layers = { resource: [{ name: 'trust', document: trust({ AWS: '444455556666' }) }], identity: [], requireIdentityAndResource: true };
    expect(evaluatePolicies(r, layers)).toMatchObject({ allowed: false, layer: 'identity-based policy' });
    expect(evaluatePolicies(r, { ...layers, requireIdentityAndResource: false }).allowed).toBe(true);
  });
});

describe('policy documents AWS refuses (MalformedPolicyDocument)', () => {
  it.each([
    ['invalid JSON', '{"Version":', 'This policy contains invalid Json'],
    ['unknown top-level field', { Version: '2012-10-17', Statement: [], Foo: 1 }, 'Syntax errors in policy'],
    ['no Effect', { Version: '2012-10-17', Statement: [{ Action: GET, Resource: '*' }] }, 'Missing required field Effect'],
    ['bad Effect', { Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: GET, Resource: '*' }] }, 'Invalid effect'],
    ['no Action', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] }, 'Policy statement must contain actions.'],
    ['Action and NotAction', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: GET, NotAction: GET, Resource: '*' }] }, 'Syntax errors in policy.'],
    ['no Resource in identity policy', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: GET }] }, 'Policy statement must contain resources.'],
    ['Principal in identity policy', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: GET, Resource: '*' }] }, 'Policy document should not specify a principal.'],
    ['unknown operator', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: GET, Resource: '*', Condition: { StringSimilar: { a: 'b' } } }] }, 'Invalid Condition type : StringSimilar.'],
    ['action without vendor', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'GetWebIdentityToken', Resource: '*' }] }, 'Actions/Conditions must be prefaced by a vendor'],
    ['bad Version', { Version: '2012-10-18', Statement: [{ Effect: 'Allow', Action: GET, Resource: '*' }] }, 'The policy failed legacy parsing'],
    ['non alpha-numeric Sid', { Version: '2012-10-17', Statement: [{ Sid: 'a b', Effect: 'Allow', Action: GET, Resource: '*' }] }, 'Statement IDs (SID) must be alpha-numeric.'],
    ['condition value object', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: GET, Resource: '*', Condition: { StringEquals: { a: { b: 1 } } } }] }, 'Syntax errors in policy'],
  ] as const)('%s', (_, doc, message) => {
    expect(() => parsePolicyDocument(typeof doc === 'string' ? doc : JSON.stringify(doc))).toThrow(MalformedPolicyError);
    expect(() => parsePolicyDocument(typeof doc === 'string' ? doc : JSON.stringify(doc))).toThrow(message);
  });

  it('trust policies need a Principal', () => {
    expect(() => parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }, 'resource')).toThrow('Missing required field Principal');
  });
});

describe('AccessDenied wording', () => {
  const caller = 'arn:aws:sts::111122223333:assumed-role/token-minter/fedlab-session';
  const request: AuthorizationRequest = { principal: { arn: ROLE, account: '111122223333' }, action: GET, resource: '*', context: {} };
  it('implicit deny names the layer', () => {
    const d = evaluatePolicies(request, { identity: [] });
    expect(accessDeniedMessage(caller, GET, d)).toBe(`User: ${caller} is not authorized to perform: ${GET} because no identity-based policy allows the ${GET} action`);
  });
  it('explicit deny in an SCP', () => {
    const d = evaluatePolicies(request, { identity: named([allow()], 'i'), scps: [{ target: 'r-ab12', policies: named([FULL, deny()], 's') }] });
    expect(accessDeniedMessage(caller, GET, d, 'arn:aws:sts::111122223333:x')).toBe(`User: ${caller} is not authorized to perform: ${GET} on resource: arn:aws:sts::111122223333:x with an explicit deny in a service control policy`);
    expect(d.trace.map((t) => t.check)).toEqual(['explicit-deny', 'scp:r-ab12', 'identity-policy']);
  });
  it('boundary', () => {
    const d = evaluatePolicies(request, { identity: named([allow()], 'i'), boundary: [] });
    expect(accessDeniedMessage(caller, GET, d)).toContain('because no permissions boundary allows the sts:GetWebIdentityToken action');
  });
});
