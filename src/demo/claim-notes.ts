/** What each claim of an AWS web-identity token means, for people reading the demo. */
export const AWS_CLAIM_NOTES: Record<string, string> = {
  iss: "the account's issuer URL: relying parties fetch its discovery document and keys",
  sub: 'the calling role (or user) ARN — never the session ARN, so one trust covers every session',
  aud: 'the audience(s) requested with --audience, copied verbatim',
  iat: 'issued at',
  exp: 'expiry: iat + DurationSeconds (60-3600, default 300)',
  jti: 'unique token id',
  aws_account: 'the 12-digit account that minted the token',
  source_region: 'region of the STS endpoint that was called (the SigV4 signing region)',
  principal_id: 'ARN of the calling principal',
  org_id: 'AWS Organizations id of the account',
  ou_path: 'organizational-unit path of the account',
  principal_tags: 'tags on the role / session: usable in claims expressions',
  request_tags: 'tags passed in this request (chosen by the caller: never authorize on them)',
  original_session_exp: 'when the calling session itself expires (temporary credentials)',
  source_identity: 'the SourceIdentity of the session',
};

export const ENTRA_CLAIM_NOTES: Record<string, string> = {
  aud: 'the resource the token is for',
  iss: 'the Entra tenant that issued it',
  tid: 'tenant id',
  oid: 'object id of the service principal: what resources authorize',
  sub: 'same as oid for app-only tokens',
  appid: 'the client (application) id (v1 tokens)',
  azp: 'the client (application) id (v2 tokens)',
  appidacr: '"2": the client authenticated with an assertion (certificate or federated token)',
  azpacr: '"2": the client authenticated with an assertion (certificate or federated token)',
  roles: 'application permissions granted to the client on the resource',
  idtyp: '"app": an app-only token',
  ver: 'token version, chosen by the resource',
};
