// The browser's read-only ceiling: read the File the fastest way measured (a byte stream into one reused
// buffer, as Chorus reads) and copy every chunk into wasm memory, nothing else.
import { chunksOf } from '../../web/analysis-runner.js';

self.onmessage = async (event) => {
  const memory = new WebAssembly.Memory({ initial: 256 });  // 16 MiB
  const heap = new Uint8Array(memory.buffer);
  let bytes = 0;
  for await (const chunk of chunksOf(event.data.file.stream())) {
    heap.set(chunk, 0);
    bytes += chunk.byteLength;
  }
  postMessage({ bytes });
};
