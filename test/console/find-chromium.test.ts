import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findChromium, missingChromiumMessage } from '../helpers/chromium.js';

const only = (...present: string[]) => (path: string) => present.includes(path);

test('FEDLAB_CHROMIUM decides alone when set; else CHROME_PATH, else the usual places of the platform', () => {
  const present = only('/opt/chrome', '/usr/bin/chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
  expect(findChromium({ env: { FEDLAB_CHROMIUM: '/opt/chrome' }, platform: 'linux', exists: present })).toBe('/opt/chrome');
  expect(findChromium({ env: { FEDLAB_CHROMIUM: '/nowhere/chrome' }, platform: 'linux', exists: present })).toBeUndefined();
  expect(findChromium({ env: { CHROME_PATH: '/opt/chrome' }, platform: 'linux', exists: present })).toBe('/opt/chrome');
  expect(findChromium({ env: {}, platform: 'linux', exists: present })).toBe('/usr/bin/chromium');
  expect(findChromium({ env: {}, platform: 'darwin', exists: present })).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  expect(findChromium({ env: { PROGRAMFILES: 'C:\\Program Files' }, platform: 'win32', exists: (p) => p.replaceAll('/', '\\') === 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe' })).toMatch(/chrome\.exe$/);
  expect(findChromium({ env: {}, platform: 'linux', exists: only() })).toBeUndefined();
});

test('the message for a missing browser names the install command of the platform', () => {
  expect(missingChromiumMessage('linux', {})).toContain('sudo apt-get install -y chromium');
  expect(missingChromiumMessage('darwin', {})).toContain('brew install --cask google-chrome');
  expect(missingChromiumMessage('linux', { FEDLAB_CHROMIUM: '/nowhere' })).toContain('FEDLAB_CHROMIUM=/nowhere does not exist');
});

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** jest itself, on the browser suites only, with no browser to be found. */
function jestWithoutBrowser(extraEnv: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--passWithNoTests', 'test/console/console-page.test.ts', 'test/console/room.test.ts'], {
      cwd: ROOT,
      env: { ...process.env, FEDLAB_CHROMIUM: '/nowhere/chromium', FEDLAB_REQUIRE_BROWSER: '', ...extraEnv },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

test('without a browser the browser suites are skipped with one message; with FEDLAB_REQUIRE_BROWSER=1 (CI) that fails', async () => {
  const skipped = await jestWithoutBrowser({});
  expect(skipped.output.match(/browser suites skipped/g)).toHaveLength(1);
  expect(skipped.output).toContain('skipped: test/console/console-page.test.ts, test/console/room.test.ts');
  expect(skipped.code).toBe(0);
  const required = await jestWithoutBrowser({ FEDLAB_REQUIRE_BROWSER: '1' });
  expect(required.code).not.toBe(0);
  expect(required.output).toContain('FEDLAB_REQUIRE_BROWSER=1');
}, 60_000);
