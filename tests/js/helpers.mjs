// Shared by the node:test suites: paths, the native CLI and the wasm module as the page loads it.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { feedBytes, unwrap } from '../../web/worker/analysis-runner.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');
// Real exports shared beside the project; CHORUS_SHARED_FIXTURES points elsewhere.
export const SHARED_FIXTURES = process.env.CHORUS_SHARED_FIXTURES ?? path.resolve(ROOT, '..', 'shared', 'fixtures');
export const CLI = path.join(ROOT, 'build', 'native', 'chorus');
export const WASM_JS = path.join(ROOT, 'web', 'gen', 'chorus.js');
export const WASM_BINARY = path.join(ROOT, 'web', 'gen', 'chorus.wasm');

/** Runs `chorus summarize` on files; returns {status, summary, stderr}. */
export function runCli(files, queries = [], options = []) {
  const args = ['summarize', ...queries.flatMap((q) => ['--query', q]), ...options, ...files];
  const result = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: result.status, summary: JSON.parse(result.stdout), stderr: result.stderr };
}

let modulePromise = null;

/** The same ES module the worker imports, given its bytes (Node's fetch cannot load file paths). */
export function loadWasm() {
  modulePromise ??= import(WASM_JS).then(({ default: factory }) => factory({ wasmBinary: fs.readFileSync(WASM_BINARY) }));
  return modulePromise;
}

/** A module instance of its own, with nothing begun. */
export async function freshWasm() {
  const { default: factory } = await import(WASM_JS);
  return factory({ wasmBinary: fs.readFileSync(WASM_BINARY) });
}

/** Summarizes files with the wasm module, feeding `chunk` bytes at a time (Infinity: whole files). */
export async function summarizeWasm(files, chunk, queries = [], { columns = '' } = {}) {
  const module = await loadWasm();
  unwrap(module.begin({ queries, columns }));
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    unwrap(module.beginFile(path.basename(file), -1));
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
