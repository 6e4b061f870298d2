// The analysis worker: it owns the wasm module; reading and feeding live in analysis-runner.js.
// Protocol (every message carries the request id):
//   page -> worker  {id, type: 'load'}                             load the wasm module now; answers with its
//                                                                  version and wasm memory size
//                   {id, type: 'analyze', items: [{file, path}], helpers?}   analyze files, folders' files or
//                                                                  ZIP archives (helpers: extra workers, default
//                                                                  one per further core, at most three)
//                   (an analyze request may carry queries: [term, ...], counted over time, and the
//                   timeZone of days and hours)
//                   {id, type: 'cancel'}                           stop request `id` within one chunk
//                   {id, type: 'matches', term, offset, count, fromDay, toDay, kinds}  posts of the last analysis
//                                                                  matching a term, within the filter
//                   {id, type: 'filter', fromDay, toDay, kinds}    the last analysis for some days and kinds
//                   {id, type: 'hourly', fromDay, toDay, kinds}    its posts per local hour
//   worker -> helper {id, type: 'range', job}                      read a byte range of a large posts file
//   helper -> worker {id, type: 'state', state} or {id, type: 'bytes', n}
//   worker -> page  {id, type: 'progress', bytesDone, bytesTotal, fileName}
//                   {id, type: 'result', summary, heapBytes}      heapBytes: the wasm memory's size
//                   {id, type: 'error', error: {code, message}}
import createChorusModule from './gen/chorus.js';
import { analyzeSources, planSources, readRange } from './analysis-runner.js';

/**
 * Helper workers beside this one for large files: none unless the page asks (?helpers=N). On this
 * project's 2-core machines a helper made analyses slower (bench/RESULTS.md), and posts read by a helper
 * are not kept for filters and hourly buckets yet, which would then be unavailable.
 */
const HELPERS = 0;

let modulePromise = null;

function loadModule() {
  modulePromise ??= createChorusModule();
  return modulePromise;
}

/** Requests cancelled by the page; their loops stop at the next chunk. */
const cancelled = new Set();
/** Helpers working for each request (helper -> its job id), so that a cancel reaches them too. */
const busyHelpers = new Map();
let nextJobId = 1;

/** Idle helper workers. They are kept between analyses: a warm wasm module parses about twice as fast. */
const idleHelpers = [];

/** Runs one range job in a helper worker and returns the helper to the pool when it is done. */
function runRangeInHelper(requestId, job, onBytes) {
  return new Promise((resolve, reject) => {
    const helper = idleHelpers.pop() ?? new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    const jobId = nextJobId++;
    const busy = busyHelpers.get(requestId) ?? new Map();
    busyHelpers.set(requestId, busy.set(helper, jobId));
    helper.onmessage = ({ data }) => {
      if (data.type === 'bytes') { onBytes(data.n); return; }
      busy.delete(helper);
      if (data.type === 'state') {
        idleHelpers.push(helper);
        resolve(data.state);
      } else {
        helper.terminate();
        reject(new Error(data.error?.message ?? 'a helper failed'));
      }
    };
    helper.onerror = (event) => { helper.terminate(); reject(new Error(event.message || 'a helper stopped')); };
    helper.postMessage({ id: jobId, type: 'range', job });
  });
}

self.onmessage = async (event) => {
  const { id, type } = event.data;
  if (type === 'cancel') {
    cancelled.add(id);
    for (const [helper, jobId] of busyHelpers.get(id) ?? []) helper.postMessage({ id: jobId, type: 'cancel' });
    return;
  }
  const isCancelled = () => cancelled.has(id);
  const onProgress = (progress) => postMessage({ id, type: 'progress', ...progress });
  try {
    const module = await loadModule();
    let summary;
    if (type === 'range') {
      const state = await readRange(module, event.data.job, (n) => postMessage({ id, type: 'bytes', n }), isCancelled);
      postMessage({ id, type: 'state', state });
      return;
    }
    if (type === 'matches') {
      // Posts of the last analysis matching a term: text for reading only, never part of a summary.
      const { term, offset, count, fromDay, toDay, kinds = 15 } = event.data;
      const total = module.matchedCount(term, fromDay ?? NaN, toDay ?? NaN, kinds);
      const posts = module.matchedPosts(term, offset, count, fromDay ?? NaN, toDay ?? NaN, kinds);
      postMessage({ id, type: 'result', summary: { total, posts } });
      return;
    }
    if (type === 'filter') {
      // A summary of the last analysis for some days and kinds, from the posts the module kept.
      const { fromDay, toDay, kinds } = event.data;
      const filtered = module.filteredSummary(fromDay ?? NaN, toDay ?? NaN, kinds);
      if (filtered.error) throw Object.assign(new Error(filtered.error), { code: 'cannot_filter' });
      postMessage({ id, type: 'result', summary: filtered, heapBytes: module.HEAPU8.byteLength });
      return;
    }
    if (type === 'hourly') {
      const { fromDay, toDay, kinds } = event.data;
      const hours = module.hourly(fromDay ?? NaN, toDay ?? NaN, kinds);
      if (hours.error) throw Object.assign(new Error(hours.error), { code: 'cannot_filter' });
      postMessage({ id, type: 'result', summary: hours });
      return;
    }
    if (type === 'load') {
      summary = { version: module.version(), heapBytes: module.HEAPU8.byteLength };
    } else if (type === 'analyze') {
      summary = await analyzeSources(module, await planSources(module, event.data.items), onProgress, {
        helpers: event.data.helpers ?? HELPERS,
        runRange: (job, onBytes) => runRangeInHelper(id, job, onBytes),
        isCancelled,
        queries: event.data.queries ?? [],
        timeZone: event.data.timeZone ?? 'UTC',
      });
    } else {
      throw new Error(`unknown request type ${type}`);
    }
    postMessage({ id, type: 'result', summary, heapBytes: module.HEAPU8.byteLength });
  } catch (error) {
    const code = ['cancelled', 'bad_query', 'bad_time_zone', 'cannot_filter'].includes(error?.code) ? error.code : 'worker_failed';
    postMessage({ id, type: 'error', error: { code, message: String(error?.message ?? error) } });
  } finally {
    cancelled.delete(id);
    busyHelpers.delete(id);
  }
};
