// The analysis worker: it owns the wasm module and the helper workers (helper.js) that read parts of large
// files; what is read and in which order lives in analysis-runner.js. Messages: shared/messages.js.
import {
  ANALYZE, BYTES, CANCEL, COLLECT, ERROR, FILTER, HOURLY, LOAD, MATCHES, PARTIAL, PROGRESS, RANGE, RESULT, STATE,
  errorPayload,
  moduleFailure,
} from '../shared/messages.js';
import { compiledWasm, discardModule, loadModule } from './module.js';
import { READ_BUFFER_BYTES, analyzeSources, planSources, previewsFor, unwrap } from './analysis-runner.js';

/** The most helpers a page may ask for. */
const MAX_HELPERS = 3;
/**
 * The cores a request's page reports (its navigator.hardwareConcurrency, which browser emulation sets, so
 * that tests can check any count), else this worker's.
 */
const coresOf = (request) => request.cores ?? self.navigator?.hardwareConcurrency ?? 2;
/**
 * Helper workers beside this one for large files, unless the page asks otherwise (?helpers=N): one per
 * core beyond two, at most three; none on two cores. There the browser's own reading of a file takes about
 * a core's worth of CPU, so a helper competes with it: measured against one worker (medians, interleaved),
 * 0.94-0.98x at 100-500 MB and 1.07x at 1 GB, where it took the renderer from 295 MB to 347 MB, past the
 * 300 MB the page keeps to (bench/RESULTS.md). A page that sets ?helpers=N gets helpers for any file of
 * 24 MB or more.
 */
const defaultHelpers = (cores) => (cores <= 2 ? 0 : Math.min(MAX_HELPERS, cores - 2));

/** How many helpers a load or analyze request wants. */
const helpersWanted = (request) => Math.min(MAX_HELPERS, request.helpers ?? defaultHelpers(coresOf(request)));

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
  const helper = new Worker(new URL(`./helper.js${self.location.search}`, import.meta.url), { type: 'module' });  // the same build
  helper.loaded = new Promise((resolve, reject) => {
    helper.onmessage = ({ data }) => (data.type === RESULT ? resolve() : reject(new Error(data.error?.message)));
    helper.onerror = (event) => reject(new Error(event.message || 'a helper could not start'));
  });
  helper.postMessage({ id: 0, type: LOAD, wasm });
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
      if (data.type === BYTES) { onBytes(data.n); return; }
      busy.delete(helper);
      if (data.type === STATE || data.error?.code === 'cancelled') {
        // Back to the pool, its module reset, so that the next analysis needs no new worker (whose script
        // would be fetched after the page has loaded).
        idleHelpers.push(helper);
        if (data.type === STATE) resolve({ state: data.state, posts: data.posts });
        else reject(Object.assign(new Error(data.error.message), { code: 'cancelled' }));
      } else {
        helper.terminate();  // its module may have failed: a new helper replaces it when one is needed
        reject(Object.assign(new Error(data.error?.message ?? 'a helper failed'), { code: data.error?.code }));
      }
    };
    helper.onerror = (event) => { helper.terminate(); reject(new Error(event.message || 'a helper stopped')); };
  });
  helpersAtWork.add(state);
  // Settled, it leaves helpersAtWork; its failure is handled there too (an analysis that failed first
  // never collects it).
  state.catch(() => {}).then(() => helpersAtWork.delete(state));
  helper.postMessage({ id: jobId, type: RANGE, job });
  return {
    collect(maxMatched) {
      helper.postMessage({ id: jobId, type: COLLECT, maxMatched });
      return state;
    },
  };
}

/** The worker that streams large files after the first (file-reader.js), started with the page. */
let fileReader = null;

function startFileReader() {
  fileReader ??= new Worker(new URL('./file-reader.js', import.meta.url), { type: 'module' });
}

/** Chunks of a file streamed by the file reader: two lent buffers, one filled while the other is fed. */
async function* readThrough(file) {
  const answers = [];
  fileReader.onmessage = ({ data }) => answers.shift()(data);
  const ask = (buffer) => new Promise((resolve) => {
    answers.push(resolve);
    fileReader.postMessage({ type: 'read', buffer }, [buffer]);
  });
  fileReader.postMessage({ type: 'open', file });
  const inFlight = [ask(new ArrayBuffer(READ_BUFFER_BYTES)), ask(new ArrayBuffer(READ_BUFFER_BYTES))];
  let finished = false;
  try {
    for (;;) {
      const data = await inFlight.shift();
      if (data.error) throw new Error(`${file.name} could not be read: ${data.error}`);
      if (data.done) {
        finished = true;
        await Promise.all(inFlight);
        return;
      }
      yield new Uint8Array(data.buffer, 0, data.length);
      inFlight.push(ask(data.buffer));  // fed: lent again
    }
  } finally {
    if (!finished) {
      fileReader.postMessage({ type: 'cancel' });
      await Promise.allSettled(inFlight);
    }
  }
}

/**
 * The requests run one at a time, in the order they came: the module holds one analysis, and a cancelled
 * analysis ends only at its next chunk, after the page has been told. An analysis started meanwhile would
 * otherwise be dropped by the cancelled one's end (its module.begin({})), halfway or once done.
 */
let queue = Promise.resolve();

self.onmessage = (event) => {
  const { id, type } = event.data;
  if (type === CANCEL) {
    cancelled.add(id);
    for (const [helper, jobId] of busyHelpers.get(id) ?? []) helper.postMessage({ id: jobId, type: CANCEL });
    return;
  }
  queue = queue.then(() => answer(event));
};

/** Answers one request (never throws: a failure is posted as its answer). */
async function answer(event) {
  const { id, type } = event.data;
  const isCancelled = () => cancelled.has(id);
  if (isCancelled()) {  // cancelled while it waited: the page has let it go
    cancelled.delete(id);
    return;
  }
  const onProgress = (progress) => postMessage({ id, type: PROGRESS, ...progress });
  try {
    const module = await loadModule();
    let summary;
    if (type === MATCHES) {
      // Posts of the last analysis matching a term: text for reading only, never part of a summary.
      const { term, offset, count, fromDay, toDay, kinds = 15, platforms } = event.data;
      const { total, posts } = unwrap(module.matches(term, offset, count, { fromDay, toDay, kinds, platforms }));
      postMessage({ id, type: RESULT, summary: { total, posts } });
      return;
    }
    if (type === FILTER) {
      // A summary of the last analysis for some days, kinds and platforms, from the posts the module kept.
      const { fromDay, toDay, kinds, platforms } = event.data;
      const filtered = unwrap(module.view('summary', { fromDay, toDay, kinds, platforms })).view;
      postMessage({ id, type: RESULT, summary: filtered, heapBytes: module.HEAPU8.byteLength });
      return;
    }
    if (type === HOURLY) {
      const { fromDay, toDay, kinds, platforms } = event.data;
      const hours = unwrap(module.view('hourly', { fromDay, toDay, kinds, platforms })).view;
      postMessage({ id, type: RESULT, summary: hours });
      return;
    }
    if (type === LOAD) {
      startFileReader();
      await warmHelpers(helpersWanted(event.data));
      summary = { version: module.version(), heapBytes: module.HEAPU8.byteLength, formats: module.formats() };
    } else if (type === ANALYZE) {
      // Helpers are normally started with the page (load); started here otherwise, before any reading.
      await Promise.allSettled(helpersAtWork);
      await warmHelpers(helpersWanted(event.data));
      const sources = await planSources(module, event.data.items);
      summary = await analyzeSources(module, sources, onProgress, {
        readFile: fileReader ? readThrough : null,
        helpers: Math.min(helpersWanted(event.data), idleHelpers.length),  // as many ranges as idle helpers
        runRange: (job, hooks) => runRangeInHelper(id, job, hooks),
        isCancelled,
        queries: event.data.queries ?? [],
        timeZone: event.data.timeZone ?? 'UTC',
        columns: event.data.columns ?? '',
        privatePosts: event.data.privatePosts === true,
        onPartial: (partial) => postMessage({ id, type: PARTIAL, summary: partial }),
      });
      // Tables whose columns the user may map: their first rows, beside the summary (never part of it).
      const previews = await previewsFor(module, sources, summary);
      // What each file read was in: the archive or folder dropped (null: dropped on its own).
      const readFrom = Object.fromEntries(sources.map((s) => [s.name, s.from ?? null]));
      postMessage({ id, type: RESULT, summary, previews, readFrom, heapBytes: module.HEAPU8.byteLength });
      return;
    } else {
      throw new Error(`unknown request type ${type}`);
    }
    postMessage({ id, type: RESULT, summary, heapBytes: module.HEAPU8.byteLength });
  } catch (error) {
    // A module that ran out of memory or trapped (here or in a helper) is let go with all it holds; the next
    // request instantiates a fresh one.
    if (moduleFailure(error)) discardModule();
    postMessage({ id, type: ERROR, error: errorPayload(error) });
  } finally {
    // Helpers still busy for a request that ended (it failed before collecting them) stop too.
    for (const [helper, jobId] of busyHelpers.get(id) ?? []) helper.postMessage({ id: jobId, type: CANCEL });
    cancelled.delete(id);
    busyHelpers.delete(id);
  }
}
