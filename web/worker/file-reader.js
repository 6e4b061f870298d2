// A worker that only reads files for the analysis worker, into buffers it is lent, and hands them back
// filled. Chromium 156 stops serving File streams, for good, in a worker that holds a large wasm memory once
// several large files have been streamed there; in a worker without one it never did (bench/COLLECTIONS.md).
// Messages: {type: 'open', file}, {type: 'read', buffer} (moved; answered {done, buffer, length} or
// {error}), {type: 'cancel'}.
let reader = null;

self.onmessage = async ({ data }) => {
  if (data.type === 'open') {
    reader?.releaseLock();
    reader = data.file.stream().getReader({ mode: 'byob' });
    return;
  }
  if (data.type === 'cancel') {
    const cancelled = reader;
    reader = null;
    await cancelled?.cancel().catch(() => {});
    return;
  }
  if (!reader) {  // the file ended or was cancelled: the buffer goes back empty
    postMessage({ done: true, buffer: data.buffer, length: 0 }, [data.buffer]);
    return;
  }
  try {
    const current = reader;
    const { done, value } = await current.read(new Uint8Array(data.buffer));
    if (done && reader === current) {
      reader = null;
      try { current.releaseLock(); } catch { /* a read still pending: released when it ends */ }
    }
    postMessage({ done, buffer: value.buffer, length: done ? 0 : value.byteLength }, [value.buffer]);
  } catch (error) {
    postMessage({ error: String(error?.message ?? error) });
  }
};
