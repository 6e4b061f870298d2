// Starts the real server and Debian's Chromium for the end-to-end tests, and records every request.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { ROOT } from '../js/helpers.mjs';

export const SCREENSHOTS = path.join(ROOT, 'test-results');

const CHROMIUM = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((p) => fs.existsSync(p));

/** Launch flags that keep Chromium off the network on these machines (see ../shared/TOOLCHAIN.md). */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/** `locale`: the browser's language (navigator.languages), as a visitor's browser would set it. */
export async function startBrowser({ locale } = {}) {
  if (!CHROMIUM) throw new Error('Chromium not found: run scripts/setup.sh (installs Debian\'s chromium)');
  const { server, url } = await startServer({ root: path.join(ROOT, 'web'), port: 0 });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 }, ...(locale ? { locale } : {}),
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    url,
    context,
    async close() {
      await context.close();
      server.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the page and records its requests (the workers' and the service worker's too); resolves once the page
 * says it is ready. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const requests = [];  // every request: the page's, its workers' and the service worker's own (its offline copy)
  const ownRequests = [];  // the page's and its workers' only
  const errors = [];
  context.on('request', (request) => {
    requests.push(request.url());
    if (!request.serviceWorker()) ownRequests.push(request.url());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  const response = await page.goto(url);
  await page.waitForSelector('html[data-state=ready]', { timeout: 30000 });
  return { page, requests, ownRequests, errors, response };
}

/** Drops files on the drop zone of the analyzer `target` (a selector; the page's one by default) in `page` (a
 * Playwright page, or a frame of one) as a user would: dragenter, dragover, drop with a DataTransfer. */
export async function dropFiles(page, files, target = 'chorus-analyzer') {
  const payload = files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') }));
  await page.evaluate(([items, target]) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], item.name));
    }
    const zone = document.querySelector(target).shadowRoot.getElementById('drop-zone');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }
  }, [payload, target]);
}

/** Waits until an analysis has finished and the page is idle again. */
export async function waitIdle(page) {
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').dataset.busy === 'false');
}
