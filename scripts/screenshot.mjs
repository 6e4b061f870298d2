#!/usr/bin/env node
// Regenerates docs/screenshot.png, the README's picture of the page with its sample (after scripts/build.sh).
import path from 'node:path';
import { ROOT } from '../tests/js/helpers.mjs';
import { openPage, startBrowser } from '../tests/e2e/browser.mjs';

const browser = await startBrowser();
try {
  const { page } = await openPage(browser.context, browser.url);
  await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1100 } });
} finally {
  await browser.close();
}
