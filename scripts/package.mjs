#!/usr/bin/env node
// Lays out the built page and element as an npm package in build/package/: a self-contained folder that any
// static host can serve as it is (index.html is Chorus's page, chorus-analyzer.js the element, with its
// modules, worker, wasm builds, sample and service worker beside it), with a package.json whose `exports` name
// the element and its types. `npm pack build/package` makes the tarball. Run scripts/build.sh first.
//   node scripts/package.mjs [--out build/package]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'web');
const args = process.argv.slice(2);
const OUT = path.resolve(ROOT, args.includes('--out') ? args[args.indexOf('--out') + 1] : 'build/package');

for (const needed of ['gen/chorus.wasm', 'gen/chorus-simd.wasm', 'gen/sample/tweets.js', 'gen/offline.json']) {
  if (!fs.existsSync(path.join(WEB, needed))) throw new Error(`web/${needed} is missing: run scripts/build.sh first`);
}
fs.rmSync(OUT, { recursive: true, force: true });
fs.cpSync(WEB, OUT, { recursive: true });

const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const files = fs.readdirSync(OUT).sort();
const manifest = {
  name: 'chorus-analyzer',
  version: project.version,
  description: `${project.description} The <chorus-analyzer> custom element, with its worker and WebAssembly beside it.`,
  license: project.license,
  type: 'module',
  main: './chorus-analyzer.js',
  types: './chorus-analyzer.d.ts',
  exports: {
    '.': { types: './chorus-analyzer.d.ts', default: './chorus-analyzer.js' },
    './analyzer.css': './analyzer.css',
    './sw.js': './sw.js',
    './*': './*',
  },
  sideEffects: ['./chorus-analyzer.js', './page/page.js'],
  files,
  keywords: ['custom-element', 'web-component', 'webassembly', 'social-media', 'archive', 'metoo', 'privacy'],
};
fs.writeFileSync(path.join(OUT, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
fs.copyFileSync(path.join(ROOT, 'docs', 'embed.md'), path.join(OUT, 'README.md'));
console.log(`package: ${path.relative(ROOT, OUT)}/ (${files.length} entries); npm pack ${path.relative(ROOT, OUT)} makes the tarball`);
