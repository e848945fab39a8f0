/** Entra's issuer strings: v1 tokens are always sts.windows.net's; v2 names the host the client reached. */
export const v1Issuer = (tenantId: string) => `https://sts.windows.net/${tenantId}/`;

export const v2Issuer = (base: string, tenantId: string) => `${base}/${tenantId}/v2.0`;
