// The wasm module of a worker thread (the analysis worker's or a helper's): fetched and compiled once, then
// instantiated once per thread. Two builds of it are served (wasm/CMakeLists.txt): chorus-simd uses wasm
// SIMD128 and is picked where the browser validates a tiny SIMD module; chorus runs everywhere else.

/** A module of one function that returns a SIMD128 value (i8x16.splat, i8x16.popcnt): valid only where the
 * browser has SIMD128. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** Whether this browser runs wasm SIMD128. */
export function hasSimd() {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** The build this thread loads: the worker's URL may say `simd=0` (ChorusClient's `simd: false`, for
 * benchmarks and tests), and its helpers are started with the same URL query. */
export const BUILD = hasSimd() && new URLSearchParams(globalThis.location?.search ?? '').get('simd') !== '0'
  ? 'chorus-simd' : 'chorus';

let compiledPromise = null;
let modulePromise = null;

/** The compiled wasm, fetched once. Helpers get this same WebAssembly.Module, so they share its machine
 * code, already optimized by the analyses before, instead of starting cold in V8's baseline tier. */
export function compiledWasm() {
  const url = new URL(`../gen/${BUILD}.wasm`, import.meta.url);
  // Compiled while it downloads; a server that does not send application/wasm (an embedder's) makes
  // streaming compilation fail, and the bytes are then compiled once they are all there.
  compiledPromise ??= WebAssembly.compileStreaming(fetch(url))
    .catch(() => fetch(url).then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)));
  return compiledPromise;
}

/** This thread's module instance: of `shared` (a helper's, from its worker) or of the wasm fetched here. */
export function loadModule(shared = null) {
  if (shared) compiledPromise ??= Promise.resolve(shared);
  modulePromise ??= Promise.all([compiledWasm(), import(`../gen/${BUILD}.js`)])
    .then(([wasm, { default: createChorusModule }]) => new Promise((resolve, reject) => {
      createChorusModule({
        instantiateWasm(imports, receive) {
          WebAssembly.instantiate(wasm, imports).then((instance) => receive(instance, wasm), reject);
          return {};
        },
      }).then(resolve, reject);
    }));
  return modulePromise;
}

/** Forgets this thread's instance after it failed (out of memory, a trap): the next request gets a fresh one
 * of the same compiled wasm, with nothing fetched again. */
export function discardModule() {
  modulePromise = null;
}
