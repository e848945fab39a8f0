import { ConfigError } from '../../src/core/config/config-error.js';
import { loadFedlabConfig } from '../../src/config.js';
import { defaultConfigObject, tempDir, writeConfig } from '../helpers/temp-config.js';

const dir = tempDir();

function problemsOf(config: unknown): string[] {
  try {
    loadFedlabConfig(writeConfig(dir, config, `c${Math.random().toString(36).slice(2)}.yaml`));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('config was accepted');
}

test('the embedded default config is valid', () => {
  expect(loadFedlabConfig().aws.accounts[0]!.id).toBe('111122223333');
});

test('an unknown key is refused with its path', () => {
  const config = defaultConfigObject();
  config.aws.accounts[0].principals[0].colour = 'blue';
  expect(problemsOf(config)).toEqual(["aws.accounts[0].principals[0]: unknown key 'colour'"]);
});

test('an unknown top-level section is refused', () => {
  const config = defaultConfigObject();
  config.gcp = {};
  expect(problemsOf(config)).toEqual(["(top level): unknown key 'gcp'"]);
});

test('a wrong type names the key and what was expected', () => {
  const config = defaultConfigObject();
  config.aws.port = 'eighty';
  const [problem] = problemsOf(config);
  expect(problem).toMatch(/^aws\.port: .*number/i);
});

test('a malformed principal ARN is refused with the expected form', () => {
  const config = defaultConfigObject();
  config.aws.accounts[0].principals[0].arn = 'arn:aws:iam:111122223333:role';
  expect(problemsOf(config)).toEqual([
    'aws.accounts[0].principals[0].arn: expected an IAM role or user ARN like arn:aws:iam::111122223333:role/name',
  ]);
});

test('an account id given as a YAML number is refused (leading zeros would be lost)', () => {
  const text = writeConfig(dir, 'aws:\n  accounts:\n    - id: 111122223333\n');
  expect(() => loadFedlabConfig(text)).toThrow(/aws\.accounts\[0\]\.id: expected the account id as a quoted 12-digit string/);
});

test('an account id of the wrong length is refused', () => {
  const config = defaultConfigObject();
  config.aws.accounts[0].id = '12345';
  expect(problemsOf(config)).toContain('aws.accounts[0].id: expected a 12-digit account id');
});

test('a principal of another account is refused', () => {
  const config = defaultConfigObject();
  config.aws.accounts[1].principals[0].arn = 'arn:aws:iam::111122223333:role/elsewhere';
  expect(problemsOf(config)).toContain('aws.accounts[1].principals[0].arn: principal belongs to account 111122223333, not 444455556666');
});

test('a malformed access key id is refused', () => {
  const config = defaultConfigObject();
  config.aws.accounts[0].principals[0].accessKeyId = 'not-a-key';
  expect(problemsOf(config)[0]).toMatch(/^aws\.accounts\[0\]\.principals\[0\]\.accessKeyId: expected an access key id/);
});

test('an access key id used twice is refused', () => {
  const config = defaultConfigObject();
  config.aws.accounts[1].principals[0].accessKeyId = config.aws.accounts[0].principals[0].accessKeyId;
  expect(problemsOf(config)).toContain(
    'aws.accounts[1].principals[0].accessKeyId: access key id already used by arn:aws:iam::111122223333:role/fedlab-workload',
  );
});

test('a bad outboundFederation value lists the allowed ones', () => {
  const config = defaultConfigObject();
  config.aws.accounts[0].outboundFederation = 'on';
  expect(problemsOf(config)[0]).toMatch(/^aws\.accounts\[0\]\.outboundFederation: .*"enabled".*"disabled"/);
});

test('YAML syntax errors name the line', () => {
  const file = writeConfig(dir, 'aws:\n  port: [1, 2\n');
  expect(() => loadFedlabConfig(file)).toThrow(/line \d+, column \d+/);
});

test('duplicate YAML keys are refused', () => {
  const file = writeConfig(dir, 'aws:\n  port: 1\n  port: 2\n  accounts: []\n');
  expect(() => loadFedlabConfig(file)).toThrow(/line 3/);
});

test('a missing file is reported, not thrown raw', () => {
  expect(() => loadFedlabConfig('/nonexistent/fedlab.yaml')).toThrow(/cannot read file: ENOENT/);
});
