/**
 * What the console reads from fedlab's configuration and urls. Declared here structurally so that
 * the console depends on no party's folder: it only ever talks to the parties over HTTP(S).
 */
export interface ConsolePrincipal {
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string | null;
  tags: Record<string, string>;
  policy: { audiences?: string[]; signingAlgorithms?: string[]; maxDurationSeconds?: number } | null;
}

export interface ConsoleAccount {
  id: string;
  region: string;
  outboundFederation: 'enabled' | 'disabled';
  principals: ConsolePrincipal[];
}

export interface ConsoleFic {
  name: string;
  issuer: string;
  subject: string | null;
  audiences: string[];
  claimsMatchingExpression: { value: string } | null;
}

export interface ConsoleApplication {
  appId: string;
  displayName: string;
  servicePrincipalId: string;
  /** Client secrets (Graph admin applications have them). */
  secrets?: string[];
  federatedIdentityCredentials: ConsoleFic[];
}

export interface ConsoleTenant {
  id: string;
  displayName?: string;
  applications: ConsoleApplication[];
  resources: { identifierUri: string; appId: string; grants: { appId: string; roles: string[] }[] }[];
}

export interface ConsoleSources {
  aws: { accounts: ConsoleAccount[] };
  entra?: { tenants: ConsoleTenant[]; clockSkewSeconds?: number; accessTokenLifetimeSeconds?: number };
  vault?: ConsoleVault;
  /** More vaults (a room: one per attendee). */
  vaults?: ConsoleVault[];
}

export interface ConsoleVault {
  name: string;
  tenant: string;
  secrets: { name: string }[];
}

export interface ConsoleUrls {
  aws: { endpoint: string; issuers: Record<string, string> };
  entra?: { authorityHost: string };
  vault?: { url: string };
  vaults?: { name: string; url: string }[];
  /** With fedlab's proxy: the real-form issuers are reached through it. */
  proxy?: { url: string };
}
