// The npm package: `npm pack` of the laid-out build (scripts/package.mjs), installed into a scratch host project
// from the tarball, and the element embedded from node_modules by that host's own page, under the host's CSP.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startServer } from '../../scripts/serve.mjs';
import { ROOT } from '../js/helpers.mjs';
import { startBrowser } from './browser.mjs';

let browser;
let scratch;
before(async () => {
  browser = await startBrowser();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-host-'));
});
after(async () => {
  await browser?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('npm pack, installed into a host project, embedded from node_modules', async () => {
  const layout = path.join(scratch, 'layout');
  run('node', ['scripts/package.mjs', '--out', layout], ROOT);
  const packed = JSON.parse(run('npm', ['pack', layout, '--pack-destination', scratch, '--json', '--loglevel=error'], scratch));
  const tarball = path.join(scratch, packed[0].filename);
  const inTarball = new Set(packed[0].files.map((f) => f.path));
  for (const file of ['package.json', 'chorus-analyzer.js', 'chorus-analyzer.d.ts', 'analyzer.css', 'worker/worker.js', 'gen/chorus-simd.wasm', 'gen/chorus.wasm', 'sw.js']) {
    assert.ok(inTarball.has(file), `the tarball holds ${file}`);
  }

  // A host project installs the tarball (it has no dependencies: nothing is fetched) and resolves the element.
  const host = path.join(scratch, 'host');
  fs.mkdirSync(host);
  fs.writeFileSync(path.join(host, 'package.json'), JSON.stringify({ name: 'newsroom', version: '1.0.0', private: true, type: 'module' }));
  run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], host);
  const installed = JSON.parse(fs.readFileSync(path.join(host, 'node_modules', 'chorus-analyzer', 'package.json'), 'utf8'));
  assert.equal(installed.exports['.'].types, './chorus-analyzer.d.ts');
  const resolved = run('node', ['--input-type=module', '-e', "console.log(import.meta.resolve('chorus-analyzer'))"], host).trim();
  assert.ok(resolved.endsWith('/node_modules/chorus-analyzer/chorus-analyzer.js'), resolved);
  assert.match(fs.readFileSync(path.join(host, 'node_modules', 'chorus-analyzer', 'chorus-analyzer.d.ts'), 'utf8'), /'chorus-summary': CustomEvent<ChorusSummaryDetail>/);

  // The host's page: one script tag and the element, from node_modules, showing the package's sample.
  fs.writeFileSync(path.join(host, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,">
<script type="module" src="node_modules/chorus-analyzer/chorus-analyzer.js"></script></head>
<body><h1>Our collection</h1>
<chorus-analyzer src="node_modules/chorus-analyzer/gen/sample/tweets.js" panels="counts timeline" lang="en"></chorus-analyzer>
</body></html>`);
  const { server, url } = await startServer({ root: host, port: 0 });
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    await page.goto(url);
    await page.waitForSelector('chorus-analyzer[data-state=ready]', { timeout: 30000 });
    assert.equal(await page.evaluate(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent), '1,500');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    server.close();
  }
});
