import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium, missingChromiumMessage } from '../helpers/chromium.js';

/**
 * An installed Chromium, Chrome or Edge (FEDLAB_CHROMIUM, CHROME_PATH or the usual places; CI
 * installs Debian's Chromium); never a downloaded browser. jest.config.js skips the suites that
 * import this file when there is none.
 */
export const CHROMIUM = findChromium();
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const ARTIFACTS = resolve('test-artifacts/console');

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium with a fresh, empty profile (its --user-data-dir is removed on close). */
export async function openBrowser(): Promise<Browser> {
  if (!CHROMIUM) throw new Error(missingChromiumMessage());
  const profile = mkdtempSync(join(tmpdir(), 'fedlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

const axeSource = () => readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2 A/AA rules on the page as it is now. The page's CSP forbids inline scripts,
 * so axe is evaluated through the DevTools protocol, which CSP does not govern.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource());
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }),
  )) as { violations: AxeViolation[] };
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

/** Pixels of a screenshot near a colour (the flow picture's green and red come from the stylesheet), counted in the page's canvas. */
export async function pixelsNear(page: Page, png: Buffer, [r, g, b]: [number, number, number]): Promise<number> {
  return page.evaluate(
    async ({ url, r, g, b }) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, image.width, image.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 60) count++;
      return count;
    },
    { url: `data:image/png;base64,${png.toString('base64')}`, r, g, b },
  );
}
export const GREEN: [number, number, number] = [0x0b, 0x6b, 0x2e];
export const RED: [number, number, number] = [0xa1, 0x15, 0x1b];
