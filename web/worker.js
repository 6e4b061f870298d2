// The analysis worker: it owns the wasm module; reading and feeding live in analysis-runner.js.
// Protocol (every message carries the request id):
//   page -> worker  {id, type: 'load', helpers?, cores?}           load the wasm module and start the helpers
//                                                                  now; answers with its version and wasm
//                                                                  memory size (cores: the page's count)
//                   {id, type: 'analyze', items: [{file, path}], helpers?, cores?}   analyze files, folders' files or
//                                                                  ZIP archives (helpers: extra workers, default
//                                                                  one per core beyond two, at most three; one on
//                                                                  two cores, for files of 512 MiB to 1 GiB)
//                   (an analyze request may carry queries: [term, ...], counted over time, and the
//                   timeZone of days and hours)
//                   {id, type: 'cancel'}                           stop request `id` within one chunk
//                   {id, type: 'matches', term, offset, count, fromDay, toDay, kinds}  posts of the last analysis
//                                                                  matching a term, within the filter
//                   {id, type: 'filter', fromDay, toDay, kinds}    the last analysis for some days and kinds
//                   {id, type: 'hourly', fromDay, toDay, kinds}    its posts per local hour
//   worker -> helper {id: 0, type: 'load', wasm, helpers: 0}       instantiate this compiled WebAssembly.Module
//                                                                  (and start no helpers)
//                    {id, type: 'range', job}                      read a byte range of a large posts file
//                    {id, type: 'collect', maxMatched}             the range is wanted now, with at most
//                                                                  maxMatched matched posts
//   helper -> worker {id, type: 'bytes', n}                        progress
//                    {id, type: 'state', state, posts}             once collected: the range's state and its
//                                                                  kept posts in batches (Uint8Arrays, moved)
//   worker -> page  {id, type: 'progress', bytesDone, bytesTotal, fileName}
//                   {id, type: 'result', summary, heapBytes}      heapBytes: the wasm memory's size
//                   {id, type: 'error', error: {code, message}}
import createChorusModule from './gen/chorus.js';
import { analyzeSources, planSources, readRange, unwrap } from './analysis-runner.js';

/** The most helpers a page may ask for. */
const MAX_HELPERS = 3;
/**
 * The cores a request's page reports (its navigator.hardwareConcurrency, which browser emulation sets, so
 * that tests can check any count), else this worker's.
 */
const coresOf = (request) => request.cores ?? self.navigator?.hardwareConcurrency ?? 2;
/**
 * Helper workers beside this one for large files, unless the page asks otherwise (?helpers=N): one per
 * core beyond two, at most three, and one on a 2-core machine, for posts files of 512 MiB to 1 GiB only
 * (TWO_CORES_SPLIT).
 */
const defaultHelpers = (cores) => (cores < 2 ? 0 : Math.min(MAX_HELPERS, Math.max(1, cores - 2)));
/**
 * The posts files a helper shares on a 2-core machine by default. There the browser's own reading of the
 * file takes about a core's worth of CPU, so a helper competes with it. Measured against one worker
 * (medians, interleaved): 0.97x at 100 MB, 0.94x at 200 MB, 0.98x and 1.06x at 500 MB, 1.10x-1.19x at
 * 1 GB with the renderer at 283-287 MB, and 1.15x at 2 GB but with the renderer at 326 MB, over the 300 MB
 * the page keeps to (bench/RESULTS.md). A page that sets ?helpers=N gets helpers for any file of 24 MB or more.
 */
const TWO_CORES_SPLIT = { minSplitBytes: 2 ** 29, maxSplitBytes: 2 ** 30 };
const splitLimits = (request) => (request.helpers == null && coresOf(request) === 2 ? TWO_CORES_SPLIT : {});

/** How many helpers a load or analyze request wants. */
const helpersWanted = (request) => Math.min(MAX_HELPERS, request.helpers ?? defaultHelpers(coresOf(request)));

let compiledPromise = null;
let modulePromise = null;

/** The compiled wasm, fetched once. Helpers get this same WebAssembly.Module, so they share its machine
 * code, already optimized by the analyses before, instead of starting cold in V8's baseline tier. */
function compiledWasm() {
  const url = new URL('./gen/chorus.wasm', import.meta.url);
  // Compiled while it downloads; a server that does not send application/wasm (an embedder's) makes
  // streaming compilation fail, and the bytes are then compiled once they are all there.
  compiledPromise ??= WebAssembly.compileStreaming(fetch(url))
    .catch(() => fetch(url).then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)));
  return compiledPromise;
}

/** This worker's module instance: of `shared` (a helper's, from its worker) or of the wasm fetched here. */
function loadModule(shared = null) {
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

/** Requests cancelled by the page; their loops stop at the next chunk. */
const cancelled = new Set();
/** Helpers working for each request (helper -> its job id), so that a cancel reaches them too. */
const busyHelpers = new Map();
let nextJobId = 1;

/** Idle helper workers. They are kept between analyses: a warm wasm module parses about twice as fast. */
const idleHelpers = [];
/** The answers of helpers still at work: a cancelled analysis ends before its helpers have stopped, and the
 * next one waits for them to come back rather than start new ones. */
const helpersAtWork = new Set();

/** A helper worker, given the shared module; `helper.loaded` settles once it has instantiated it. */
function newHelper(wasm) {
  const helper = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  helper.loaded = new Promise((resolve, reject) => {
    helper.onmessage = ({ data }) => (data.type === 'result' ? resolve() : reject(new Error(data.error?.message)));
    helper.onerror = (event) => reject(new Error(event.message || 'a helper could not start'));
  });
  helper.postMessage({ id: 0, type: 'load', wasm, helpers: 0 });  // a helper starts no helpers of its own
  return helper;
}

/**
 * Starts helpers until `count` are idle and waits until they are loaded. Called when the page loads: a
 * helper started later, while this worker is busy reading, would not even start until the reading ends
 * (its script is fetched through this worker's event loop), and would fetch it after the page is ready.
 */
async function warmHelpers(count) {
  if (count <= 0) return;
  const wasm = await compiledWasm();
  const starting = [];
  while (idleHelpers.length + starting.length < count) starting.push(newHelper(wasm));
  const loaded = await Promise.allSettled(starting.map((helper) => helper.loaded));
  // A helper that cannot start is not needed: this worker reads alone then.
  starting.forEach((helper, k) => (loaded[k].status === 'fulfilled' ? idleHelpers.push(helper) : helper.terminate()));
}

/** Runs one range job in an idle helper (there is one per range: see analyze), which returns to the pool
 * once its state is collected or its job cancelled. */
function runRangeInHelper(requestId, job, { onBytes }) {
  const helper = idleHelpers.pop();
  if (!helper) throw new Error('no idle helper for a range');  // analyze asks for no more ranges than idle helpers
  const jobId = nextJobId++;
  const busy = busyHelpers.get(requestId) ?? new Map();
  busyHelpers.set(requestId, busy.set(helper, jobId));
  const state = new Promise((resolve, reject) => {
    helper.onmessage = ({ data }) => {
      if (data.type === 'bytes') { onBytes(data.n); return; }
      busy.delete(helper);
      if (data.type === 'state' || data.error?.code === 'cancelled') {
        // Back to the pool, its module reset, so that the next analysis needs no new worker (whose script
        // would be fetched after the page has loaded).
        idleHelpers.push(helper);
        if (data.type === 'state') resolve({ state: data.state, posts: data.posts });
        else reject(Object.assign(new Error(data.error.message), { code: 'cancelled' }));
      } else {
        helper.terminate();
        reject(new Error(data.error?.message ?? 'a helper failed'));
      }
    };
    helper.onerror = (event) => { helper.terminate(); reject(new Error(event.message || 'a helper stopped')); };
  });
  helpersAtWork.add(state);
  // Settled, it leaves helpersAtWork; its failure is handled there too (an analysis that failed first
  // never collects it).
  state.catch(() => {}).then(() => helpersAtWork.delete(state));
  helper.postMessage({ id: jobId, type: 'range', job });
  return {
    collect(maxMatched) {
      helper.postMessage({ id: jobId, type: 'collect', maxMatched });
      return state;
    },
  };
}

/** Ranges this helper has read, waiting to be collected: job id -> a function giving the matched posts' room. */
const awaitingCollect = new Map();

self.onmessage = async (event) => {
  const { id, type } = event.data;
  if (type === 'cancel') {
    cancelled.add(id);
    for (const [helper, jobId] of busyHelpers.get(id) ?? []) helper.postMessage({ id: jobId, type: 'cancel' });
    awaitingCollect.get(id)?.(0);  // a helper's range waiting to be collected stops now
    return;
  }
  if (type === 'collect') {
    awaitingCollect.get(id)?.(event.data.maxMatched);
    return;
  }
  const isCancelled = () => cancelled.has(id);
  const onProgress = (progress) => postMessage({ id, type: 'progress', ...progress });
  try {
    const module = await loadModule(event.data.wasm);
    let summary;
    if (type === 'range') {
      const room = new Promise((resolve) => awaitingCollect.set(id, resolve));
      const { state, posts } = await readRange(module, event.data.job, {
        onBytes: (n) => postMessage({ id, type: 'bytes', n }),
        room,
      }, isCancelled);
      postMessage({ id, type: 'state', state, posts }, [state.buffer, ...posts.map((batch) => batch.buffer)]);  // moved
      return;
    }
    if (type === 'matches') {
      // Posts of the last analysis matching a term: text for reading only, never part of a summary.
      const { term, offset, count, fromDay, toDay, kinds = 15 } = event.data;
      const { total, posts } = unwrap(module.matches(term, offset, count, { fromDay, toDay, kinds }));
      postMessage({ id, type: 'result', summary: { total, posts } });
      return;
    }
    if (type === 'filter') {
      // A summary of the last analysis for some days and kinds, from the posts the module kept.
      const { fromDay, toDay, kinds } = event.data;
      const filtered = unwrap(module.view('summary', { fromDay, toDay, kinds })).view;
      postMessage({ id, type: 'result', summary: filtered, heapBytes: module.HEAPU8.byteLength });
      return;
    }
    if (type === 'hourly') {
      const { fromDay, toDay, kinds } = event.data;
      const hours = unwrap(module.view('hourly', { fromDay, toDay, kinds })).view;
      postMessage({ id, type: 'result', summary: hours });
      return;
    }
    if (type === 'load') {
      await warmHelpers(helpersWanted(event.data));
      summary = { version: module.version(), heapBytes: module.HEAPU8.byteLength };
    } else if (type === 'analyze') {
      // Helpers are normally started with the page (load); started here otherwise, before any reading.
      await Promise.allSettled(helpersAtWork);
      await warmHelpers(helpersWanted(event.data));
      summary = await analyzeSources(module, await planSources(module, event.data.items), onProgress, {
        helpers: Math.min(helpersWanted(event.data), idleHelpers.length),  // as many ranges as idle helpers
        runRange: (job, hooks) => runRangeInHelper(id, job, hooks),
        ...splitLimits(event.data),
        isCancelled,
        queries: event.data.queries ?? [],
        timeZone: event.data.timeZone ?? 'UTC',
      });
    } else {
      throw new Error(`unknown request type ${type}`);
    }
    postMessage({ id, type: 'result', summary, heapBytes: module.HEAPU8.byteLength });
  } catch (error) {
    const code = ['cancelled', 'bad_query', 'bad_time_zone', 'cannot_filter', 'no_finished_analysis'].includes(error?.code)
      ? error.code : 'worker_failed';
    postMessage({ id, type: 'error', error: { code, message: String(error?.message ?? error) } });
  } finally {
    // Helpers still busy for a request that ended (it failed before collecting them) stop too.
    for (const [helper, jobId] of busyHelpers.get(id) ?? []) helper.postMessage({ id: jobId, type: 'cancel' });
    awaitingCollect.delete(id);
    cancelled.delete(id);
    busyHelpers.delete(id);
  }
};
