// A helper worker: it reads one byte range of a large file into its own module instance and hands its state
// to the analysis worker, which merges it. It starts no workers. Messages: shared/messages.js.
import { BYTES, CANCEL, COLLECT, ERROR, LOAD, RANGE, RESULT, STATE, errorPayload } from '../shared/messages.js';
import { loadModule } from './module.js';
import { readRange } from './analysis-runner.js';

/** Ranges cancelled by the analysis worker; their loops stop at the next chunk. */
const cancelled = new Set();
/** Ranges read, waiting to be collected: job id -> a function given the matched posts' room. */
const awaitingCollect = new Map();

self.onmessage = async ({ data }) => {
  const { id, type } = data;
  if (type === CANCEL) {
    cancelled.add(id);
    awaitingCollect.get(id)?.(0);  // a range waiting to be collected stops now
    return;
  }
  if (type === COLLECT) {
    awaitingCollect.get(id)?.(data.maxMatched);
    return;
  }
  try {
    const module = await loadModule(data.wasm);
    if (type === LOAD) {
      postMessage({ id, type: RESULT });
      return;
    }
    if (type !== RANGE) throw new Error(`unknown request type ${type}`);
    const room = new Promise((resolve) => awaitingCollect.set(id, resolve));
    const { state, posts } = await readRange(module, data.job, {
      onBytes: (n) => postMessage({ id, type: BYTES, n }),
      room,
    }, () => cancelled.has(id));
    postMessage({ id, type: STATE, state, posts }, [state.buffer, ...posts.map((batch) => batch.buffer)]);  // moved
  } catch (error) {
    postMessage({ id, type: ERROR, error: errorPayload(error) });
  } finally {
    awaitingCollect.delete(id);
    cancelled.delete(id);
  }
};
