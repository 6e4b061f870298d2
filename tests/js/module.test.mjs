// The worker picks the page's wasm build: chorus-simd where the browser validates SIMD128, chorus elsewhere.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.mjs';

const MODULE_JS = path.join(ROOT, 'web', 'worker', 'module.js');
/** module.js imported afresh (its build is chosen once, when it is imported). */
const freshImport = (tag) => import(`${MODULE_JS}?${tag}`);

test('where WebAssembly validates the SIMD probe the worker loads chorus-simd; where it does not, chorus', async () => {
  assert.equal((await freshImport('simd')).BUILD, 'chorus-simd', 'Node 20 has SIMD128');
  const validate = WebAssembly.validate;
  try {
    // A browser without SIMD128 refuses the probe (some older ones throw on unknown opcodes instead).
    WebAssembly.validate = () => false;
    assert.equal((await freshImport('refused')).BUILD, 'chorus');
    WebAssembly.validate = () => { throw new WebAssembly.CompileError('unknown opcode'); };
    assert.equal((await freshImport('thrown')).BUILD, 'chorus');
  } finally {
    WebAssembly.validate = validate;
  }
});

test('?simd=0 on the worker\'s URL asks for chorus where SIMD128 is there', async () => {
  globalThis.location = new URL('http://localhost/web/worker/worker.js?simd=0');
  try {
    assert.equal((await freshImport('asked')).BUILD, 'chorus');
  } finally {
    delete globalThis.location;
  }
});

test('chorus uses no SIMD128 instruction, so it runs where the probe fails; chorus-simd does use them', () => {
  const vectors = (build) => {
    const dis = spawnSync('wasm-dis', [path.join(ROOT, 'web', 'gen', `${build}.wasm`)], { encoding: 'utf8', maxBuffer: 256 << 20 });
    assert.equal(dis.status, 0, dis.stderr);
    return (dis.stdout.match(/\bv128\.|\bi8x16\./g) ?? []).length;
  };
  assert.equal(vectors('chorus'), 0);
  assert.ok(vectors('chorus-simd') > 20, 'the SIMD build holds the kernels');
});
