import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ACCOUNT, OTHER, SESSION, startTestAws, WORKLOAD, type TestAws } from './support.js';

const USER = 'arn:aws:iam::111122223333:user/fedlab-user';

let lab: TestAws;
beforeAll(async () => {
  lab = await startTestAws((aws) => {
    aws.accounts[0].principals.push({ arn: USER, accessKeyId: 'AKIAEXAMPLEUSER00001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/EXAMPLEUSERKEY' });
  });
});
afterAll(() => lab.close());

test('a role caller is its assumed-role session, UserId = role unique id : session name', async () => {
  const me = await lab.sts(WORKLOAD).send(new GetCallerIdentityCommand({}));
  expect(me.Account).toBe(ACCOUNT);
  expect(me.Arn).toBe('arn:aws:sts::111122223333:assumed-role/fedlab-workload/fedlab-session');
  expect(me.UserId).toMatch(/^AROA[A-Z2-7]{17}:fedlab-session$/);
  const again = await lab.sts(WORKLOAD).send(new GetCallerIdentityCommand({}));
  expect(again.UserId).toBe(me.UserId);
});

test('a user is its IAM ARN with an AIDA unique id; other accounts answer for themselves', async () => {
  const user = await lab.sts(USER).send(new GetCallerIdentityCommand({}));
  expect(user).toMatchObject({ Account: ACCOUNT, Arn: USER });
  expect(user.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  const other = await lab.sts(OTHER).send(new GetCallerIdentityCommand({}));
  expect(other.Account).toBe('444455556666');
  const session = await lab.sts(SESSION).send(new GetCallerIdentityCommand({}));
  expect(session.Arn).toBe('arn:aws:sts::111122223333:assumed-role/fedlab-session/fedlab-session');
});

test('a restricted principal may still ask who it is (GetCallerIdentity needs no permission)', async () => {
  const me = await lab.sts('arn:aws:iam::111122223333:role/fedlab-restricted').send(new GetCallerIdentityCommand({}));
  expect(me.Account).toBe(ACCOUNT);
});
