// Plain JavaScript: jest.config.js (which decides whether the browser suites run) and the
// TypeScript tests (test/console/browser.ts) both use it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The usual places of Chromium, Chrome and Edge per platform, in order of preference. */
export function chromiumCandidates(platform = process.platform, env = process.env) {
  if (platform === 'darwin') {
    const apps = ['/Applications', join(env.HOME ?? '~', 'Applications')];
    return apps.flatMap((dir) => [
      `${dir}/Chromium.app/Contents/MacOS/Chromium`,
      `${dir}/Google Chrome.app/Contents/MacOS/Google Chrome`,
      `${dir}/Microsoft Edge.app/Contents/MacOS/Microsoft Edge`,
    ]);
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter(Boolean);
    return roots.flatMap((root) => [
      join(root, 'Chromium', 'Application', 'chrome.exe'),
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/microsoft-edge'];
}

/**
 * The browser the console tests drive: FEDLAB_CHROMIUM when set (and only it), else CHROME_PATH,
 * else the first usual place that exists. Undefined when there is none.
 */
export function findChromium({ env = process.env, platform = process.platform, exists = existsSync } = {}) {
  if (env.FEDLAB_CHROMIUM) return exists(env.FEDLAB_CHROMIUM) ? env.FEDLAB_CHROMIUM : undefined;
  const candidates = [env.CHROME_PATH, ...chromiumCandidates(platform, env)].filter(Boolean);
  return candidates.find((path) => exists(path));
}

/** What to tell someone who has no browser, with the install command of their platform. */
export function missingChromiumMessage(platform = process.platform, env = process.env) {
  const install = {
    darwin: 'brew install --cask google-chrome',
    win32: 'winget install Google.Chrome',
  }[platform] ?? 'sudo apt-get install -y chromium';
  const looked = env.FEDLAB_CHROMIUM ? `FEDLAB_CHROMIUM=${env.FEDLAB_CHROMIUM} does not exist` : 'no Chromium, Chrome or Edge in the usual places';
  return `fedlab: browser suites skipped: ${looked}. Install one (${install}) or set FEDLAB_CHROMIUM to its executable.`;
}
