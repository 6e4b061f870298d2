// The browser's read-only ceiling: read the File as a stream and copy every chunk into wasm memory.
self.onmessage = async (event) => {
  const memory = new WebAssembly.Memory({ initial: 256 });  // 16 MiB
  let heap = new Uint8Array(memory.buffer);
  const reader = event.data.file.stream().getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.byteLength > heap.length) {
      memory.grow(Math.ceil((value.byteLength - heap.length) / 65536));
      heap = new Uint8Array(memory.buffer);
    }
    heap.set(value, 0);
    bytes += value.byteLength;
  }
  postMessage({ bytes });
};
