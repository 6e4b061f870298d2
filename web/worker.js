// The analysis worker: it owns the wasm module; reading and feeding live in analysis-runner.js.
// Protocol (every message carries the request id):
//   page -> worker  {id, type: 'load'}                             load the wasm module now
//                   {id, type: 'analyze', items: [{file, path}]}   analyze files, folders' files or ZIP archives
//                   {id, type: 'analyze-url', url, name}           analyze a same-origin file (the sample)
//   worker -> helper {id, type: 'range', job}                      read a byte range of a large posts file
//   helper -> worker {id, type: 'state', state} or {id, type: 'bytes', n}
//   worker -> page  {id, type: 'progress', bytesDone, bytesTotal, fileName}
//                   {id, type: 'result', summary}
//                   {id, type: 'error', error: {code, message}}
import createChorusModule from './gen/chorus.js';
import { analyzeSources, planSources, readRange, urlSource } from './analysis-runner.js';

/** Helpers beside this worker: one per further core, at most three. */
const HELPERS = Math.max(0, Math.min((self.navigator?.hardwareConcurrency ?? 1) - 1, 3));

let modulePromise = null;

function loadModule() {
  modulePromise ??= createChorusModule();
  return modulePromise;
}

/** Runs one range job in a helper worker of its own, which ends with the job. */
function runRangeInHelper(job, onBytes) {
  return new Promise((resolve, reject) => {
    const helper = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    helper.onmessage = ({ data }) => {
      if (data.type === 'bytes') { onBytes(data.n); return; }
      helper.terminate();
      if (data.type === 'state') resolve(data.state);
      else reject(new Error(data.error?.message ?? 'a helper failed'));
    };
    helper.onerror = (event) => { helper.terminate(); reject(new Error(event.message || 'a helper stopped')); };
    helper.postMessage({ id: 0, type: 'range', job });
  });
}

self.onmessage = async (event) => {
  const { id, type } = event.data;
  const onProgress = (progress) => postMessage({ id, type: 'progress', ...progress });
  try {
    const module = await loadModule();
    let summary;
    if (type === 'range') {
      const state = await readRange(module, event.data.job, (n) => postMessage({ id, type: 'bytes', n }));
      postMessage({ id, type: 'state', state });
      return;
    }
    if (type === 'load') summary = { version: module.version() };
    else if (type === 'analyze') {
      summary = await analyzeSources(module, await planSources(module, event.data.items), onProgress,
        { helpers: HELPERS, runRange: runRangeInHelper });
    }
    else if (type === 'analyze-url') summary = await analyzeSources(module, [urlSource(event.data.url, event.data.name)], onProgress);
    else throw new Error(`unknown request type ${type}`);
    postMessage({ id, type: 'result', summary });
  } catch (error) {
    postMessage({ id, type: 'error', error: { code: 'worker_failed', message: String(error?.message ?? error) } });
  }
};
