import { decodeJwt } from 'jose';
import { mintWebIdentityToken } from 'fedlab';
import { WORKLOAD_ROLE, suiteStsClient, suiteUrls } from './suite-fedlab.js';

const sts = suiteStsClient();
afterAll(() => sts.destroy());

test("the suite-wide fedlab's STS mints a token for the workload role, issued by the account's issuer", async () => {
  const claims = decodeJwt(await mintWebIdentityToken(sts, { audience: 'api://AzureADTokenExchange' }));
  expect(claims).toMatchObject({ sub: WORKLOAD_ROLE, aud: 'api://AzureADTokenExchange', iss: suiteUrls().aws.issuers['111122223333'] });
});
