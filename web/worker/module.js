// The wasm module of a worker thread (the analysis worker's or a helper's): fetched and compiled once, then
// instantiated once per thread.
import createChorusModule from '../gen/chorus.js';

let compiledPromise = null;
let modulePromise = null;

/** The compiled wasm, fetched once. Helpers get this same WebAssembly.Module, so they share its machine
 * code, already optimized by the analyses before, instead of starting cold in V8's baseline tier. */
export function compiledWasm() {
  const url = new URL('../gen/chorus.wasm', import.meta.url);
  // Compiled while it downloads; a server that does not send application/wasm (an embedder's) makes
  // streaming compilation fail, and the bytes are then compiled once they are all there.
  compiledPromise ??= WebAssembly.compileStreaming(fetch(url))
    .catch(() => fetch(url).then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)));
  return compiledPromise;
}

/** This thread's module instance: of `shared` (a helper's, from its worker) or of the wasm fetched here. */
export function loadModule(shared = null) {
  if (shared) compiledPromise ??= Promise.resolve(shared);
  modulePromise ??= compiledWasm().then((wasm) => new Promise((resolve, reject) => {
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
