// Shared by the node:test suites: paths, the native CLI and the wasm module as the page loads it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { feedBytes, unwrap } from '../../web/worker/analysis-runner.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
// Real exports shared beside the project; CHORUS_SHARED_FIXTURES points elsewhere.
export const SHARED_FIXTURES = process.env.CHORUS_SHARED_FIXTURES ?? path.resolve(ROOT, '..', 'shared', 'fixtures');
// The native CLI; CHORUS_CLI points at another build of it (scripts/test.sh runs the threads' tests on one
// built with ThreadSanitizer).
export const CLI = process.env.CHORUS_CLI ?? path.join(ROOT, 'build', 'native', 'chorus');
/** The page's two wasm builds (wasm/CMakeLists.txt): without SIMD128, and with it (what Chromium and Node load). */
export const BUILDS = ['chorus', 'chorus-simd'];
const DEFAULT_BUILD = 'chorus-simd';
const wasmPaths = (build) => [path.join(ROOT, 'web', 'gen', `${build}.js`), path.join(ROOT, 'web', 'gen', `${build}.wasm`)];
export const [WASM_JS, WASM_BINARY] = wasmPaths(DEFAULT_BUILD);

/** Runs `chorus summarize` on files; returns {status, summary, stderr}. */
export function runCli(files, queries = [], options = []) {
  const args = ['summarize', ...queries.flatMap((q) => ['--query', q]), ...options, ...files];
  const result = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: result.status, summary: JSON.parse(result.stdout), stderr: result.stderr };
}

const modules = new Map();

/** A build's module, shared by the tests of a file. The same ES module the worker imports, given its bytes
 * (Node's fetch cannot load file paths). */
export function loadWasm(build = DEFAULT_BUILD) {
  if (!modules.has(build)) modules.set(build, freshWasm(build));
  return modules.get(build);
}

/** A module instance of its own, with nothing begun. */
export async function freshWasm(build = DEFAULT_BUILD) {
  const [js, binary] = wasmPaths(build);
  const { default: factory } = await import(js);
  return factory({ wasmBinary: fs.readFileSync(binary) });
}

/** Summarizes files with the wasm module, feeding `chunk` bytes at a time (Infinity: whole files). Without a
 * `build`, with both builds, which must agree: every test of the page's reading checks both. */
export async function summarizeWasm(files, chunk, queries = [], { columns = '', privatePosts = false, build = null } = {}) {
  if (!build) {
    const [scalar, simd] = [await summarizeWasm(files, chunk, queries, { columns, privatePosts, build: BUILDS[0] }),
      await summarizeWasm(files, chunk, queries, { columns, privatePosts, build: BUILDS[1] })];
    assert.deepStrictEqual(simd, scalar, `the ${BUILDS[1]} build differs from the ${BUILDS[0]} build (chunk size ${chunk})`);
    return simd;
  }
  const module = await loadWasm(build);
  unwrap(module.begin({ queries, columns, privatePosts }));
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    unwrap(module.beginFile(path.basename(file), -1, bytes.length));
    const step = Number.isFinite(chunk) ? chunk : Math.max(1, bytes.length);
    for (let i = 0; i < bytes.length; i += step) feedBytes(module, bytes.subarray(i, i + step));
    unwrap(module.endFile());
  }
  return unwrap(module.finish()).summary;
}

/** Every file below a folder, sorted. */
export function filesBelow(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesBelow(full));
    else out.push(full);
  }
  return out.sort();
}

/** A CSV table read by the tests' own RFC 4180 split (not by Chorus), as objects by header name: fields split on commas, quoted fields with "" and line breaks; CRLF or LF; a BOM dropped. */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ''])));
}

/** A value or a list of values as a list (ActivityStreams writes either). */
export const asList = (x) => (x == null ? [] : Array.isArray(x) ? x : [x]);
const PUBLIC = new Set(['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public']);
/** Whether a Mastodon activity is addressed to the public (in `to` or `cc`): not followers-only or direct. */
export const isPublic = (activity) => [...asList(activity.to), ...asList(activity.cc)].some((a) => PUBLIC.has(a));
