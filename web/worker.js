// The analysis worker: it owns the wasm module; reading and feeding live in analysis-runner.js.
// Protocol (every message carries the request id):
//   page -> worker  {id, type: 'load'}                             load the wasm module now
//                   {id, type: 'analyze', items: [{file, path}]}   analyze files, folders' files or ZIP archives
//                   {id, type: 'analyze-url', url, name}           analyze a same-origin file (the sample)
//   worker -> page  {id, type: 'progress', bytesDone, bytesTotal, fileName}
//                   {id, type: 'result', summary}
//                   {id, type: 'error', error: {code, message}}
import createChorusModule from './gen/chorus.js';
import { analyzeSources, planSources, urlSource } from './analysis-runner.js';

let modulePromise = null;

function loadModule() {
  modulePromise ??= createChorusModule();
  return modulePromise;
}

self.onmessage = async (event) => {
  const { id, type } = event.data;
  const onProgress = (progress) => postMessage({ id, type: 'progress', ...progress });
  try {
    const module = await loadModule();
    let summary;
    if (type === 'load') summary = { version: module.version() };
    else if (type === 'analyze') summary = await analyzeSources(module, await planSources(module, event.data.items), onProgress);
    else if (type === 'analyze-url') summary = await analyzeSources(module, [urlSource(event.data.url, event.data.name)], onProgress);
    else throw new Error(`unknown request type ${type}`);
    postMessage({ id, type: 'result', summary });
  } catch (error) {
    postMessage({ id, type: 'error', error: { code: 'worker_failed', message: String(error?.message ?? error) } });
  }
};
