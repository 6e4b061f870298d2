// The browser's read-only ceiling: read the File the fastest way measured (a byte stream into one reused
// buffer, as Chorus reads) and copy every chunk into wasm memory, nothing else.
// With `parseMBps`, each chunk is then held for as long as a parser of exactly that speed would take
// (a busy wait on this thread, where Chorus parses): what end-to-end speed a parser of that speed could
// reach at best, reading included (bench/budget.mjs).
import { chunksOf } from '../../web/worker/analysis-runner.js';

self.onmessage = async (event) => {
  const { file, parseMBps = 0 } = event.data;
  const memory = new WebAssembly.Memory({ initial: 256 });  // 16 MiB
  const heap = new Uint8Array(memory.buffer);
  let bytes = 0;
  for await (const chunk of chunksOf(file.stream())) {
    heap.set(chunk, 0);
    bytes += chunk.byteLength;
    if (parseMBps > 0) {
      const until = performance.now() + chunk.byteLength / 1e3 / parseMBps;  // ms
      while (performance.now() < until);
    }
  }
  postMessage({ bytes });
};
