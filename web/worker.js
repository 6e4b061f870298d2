// The analysis worker: it owns the wasm module and reads files as streams, chunk by chunk.
// Protocol (all messages carry the request id):
//   page -> worker  {id, type: 'load'}                          load the wasm module now
//                   {id, type: 'analyze', files: File[]}        analyze dropped or chosen files
//                   {id, type: 'analyze-url', url, name}         analyze a same-origin file (the sample)
//   worker -> page  {id, type: 'progress', bytesDone, bytesTotal, fileName}
//                   {id, type: 'result', summary}
//                   {id, type: 'error', error: {code, message}}
import createChorusModule from './gen/chorus.js';

const PROGRESS_INTERVAL_MS = 100;

let modulePromise = null;

function loadModule() {
  modulePromise ??= createChorusModule();
  return modulePromise;
}

/** Feeds one byte stream to the module, reporting progress; never holds more than one chunk. */
async function feedStream(module, stream, onBytes) {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    module.feed(value);
    onBytes(value.byteLength);
  }
}

/** Analyzes a list of sources ({name, size, open: () => ReadableStream}) into one summary. */
async function analyze(id, sources) {
  const module = await loadModule();
  const bytesTotal = sources.reduce((sum, s) => sum + (s.size ?? 0), 0);
  let bytesDone = 0;
  let lastReport = 0;
  const report = (fileName, force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    postMessage({ id, type: 'progress', bytesDone, bytesTotal, fileName });
  };
  module.begin();
  for (const source of sources) {
    module.beginFile(source.name);
    report(source.name, true);
    await feedStream(module, await source.open(), (n) => {
      bytesDone += n;
      report(source.name);
    });
    module.endFile();
  }
  report('', true);
  return module.finish();
}

function fileSource(file) {
  return { name: file.name, size: file.size, open: () => file.stream() };
}

function urlSource(url, name) {
  return {
    name,
    size: null,
    open: async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not load ${name}: HTTP ${response.status}`);
      return response.body;
    },
  };
}

self.onmessage = async (event) => {
  const { id, type } = event.data;
  try {
    if (type === 'load') {
      const module = await loadModule();
      postMessage({ id, type: 'result', summary: { version: module.version() } });
      return;
    }
    let sources;
    if (type === 'analyze') sources = event.data.files.map(fileSource);
    else if (type === 'analyze-url') sources = [urlSource(event.data.url, event.data.name)];
    else throw new Error(`unknown request type ${type}`);
    const summary = await analyze(id, sources);
    postMessage({ id, type: 'result', summary });
  } catch (error) {
    postMessage({ id, type: 'error', error: { code: 'worker_failed', message: String(error?.message ?? error) } });
  }
};
