/**
 * The audiences ARM accepts, as its refusal lists them ("It should exactly match with one of the
 * allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net',
 * 'https://management.azure.com/','https://management.azure.com'", e.g.
 * Azure-Samples/active-directory-dotnetcore-daemon-v2#145), plus the resource's application id,
 * which v2 tokens carry in `aud`.
 */
export const MANAGEMENT_AUDIENCES: readonly string[] = ['https://management.core.windows.net/', 'https://management.core.windows.net', 'https://management.azure.com/', 'https://management.azure.com'];
export const MANAGEMENT_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
