#!/usr/bin/env node
// Writes web/gen/offline.json: the files of web/ that the service worker caches for offline use (paths
// relative to web/, "./" for the page itself) and a version, a hash of their contents.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web');
const OUT = path.join(WEB, 'gen', 'offline.json');

function below(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? below(full) : [full];
  });
}

const files = below(WEB).filter((f) => f !== OUT && !f.endsWith('sw.js')).map((f) => path.relative(WEB, f).split(path.sep).join('/')).sort();
const hash = crypto.createHash('sha256');
for (const file of files) hash.update(file).update(fs.readFileSync(path.join(WEB, file)));
const list = { version: hash.digest('hex').slice(0, 16), files: ['./', 'demo/', ...files] };
fs.writeFileSync(OUT, `${JSON.stringify(list, null, 1)}\n`);
console.log(`build: ${files.length} files for offline use (version ${list.version})`);
