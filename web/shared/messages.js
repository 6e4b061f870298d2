// The messages between the page, the analysis worker and its helpers: one list, used on both sides of each
// postMessage. Every message carries the request id it belongs to. The worker answers the page's requests one
// at a time, in the order they came; CANCEL takes effect at once, and a request cancelled while it waits is
// dropped unanswered.
//
//   page -> worker   {id, type: LOAD, helpers?, cores?}       load the wasm module and start the helpers now;
//                                                             answers {version, heapBytes}
//                    {id, type: ANALYZE, items: [{file, path}], helpers?, cores?, queries?, timeZone?, columns?}
//                                                             analyze files, folders' files and archives;
//                                                             answers {summary, previews, heapBytes}: previews
//                                                             {file: {columns, rows, known}} of the tables
//                                                             whose columns are to be mapped (columns=...)
//                    {id, type: CANCEL}                        stop request `id` within one chunk
//                    {id, type: MATCHES, term, offset, count, fromDay, toDay, kinds}
//                                                             posts of the last analysis matching a term
//                    {id, type: FILTER, fromDay, toDay, kinds} the last analysis for some days and kinds
//                    {id, type: HOURLY, fromDay, toDay, kinds} its posts per local hour
//   worker -> page   {id, type: PROGRESS, bytesDone, bytesTotal, fileName}
//                    {id, type: PARTIAL, summary}              what is counted so far, every few hundred ms
//                    {id, type: RESULT, summary, heapBytes}    heapBytes: the wasm memory's size
//                    {id, type: ERROR, error: {code, message}}
//   worker -> helper {id: 0, type: LOAD, wasm}                 instantiate this compiled WebAssembly.Module
//                    {id, type: RANGE, job}                    read a byte range of a large file
//                    {id, type: COLLECT, maxMatched}           the range is wanted now, with at most maxMatched
//                                                             matched posts
//                    {id, type: CANCEL}
//   helper -> worker {id, type: BYTES, n}                      progress
//                    {id, type: STATE, state, posts}           once collected: the range's state and its kept
//                                                             posts in batches (Uint8Arrays, moved)
//                    {id, type: RESULT} after LOAD, {id, type: ERROR, error} on failure

export const LOAD = 'load';
export const ANALYZE = 'analyze';
export const CANCEL = 'cancel';
export const MATCHES = 'matches';
export const FILTER = 'filter';
export const HOURLY = 'hourly';
export const PROGRESS = 'progress';
export const PARTIAL = 'partial';
export const RESULT = 'result';
export const ERROR = 'error';
export const RANGE = 'range';
export const COLLECT = 'collect';
export const BYTES = 'bytes';
export const STATE = 'state';

/** Error codes the page is told as they are; any other failure reaches it as worker_failed. */
export const PAGE_ERROR_CODES = ['cancelled', 'bad_query', 'bad_time_zone', 'cannot_filter', 'no_finished_analysis',
  'out_of_memory', 'module_failed'];

const OUT_OF_MEMORY = 'This input needs more memory than the page may give its analysis (1 GiB). The page has '
  + 'recovered and can analyze another file; the chorus command-line tool has no such limit.';
const MODULE_FAILED = 'The analyzer stopped on an internal error while reading this input: a defect in Chorus, not '
  + 'a fault of the file. The page has recovered and can analyze another file.';

/**
 * The wasm module's own failure as the page is told it, or null for any other error: out of memory (what
 * wasm/bindings.cpp throws when memory cannot grow) or a trap or abort. Either way that instance is not
 * used again, and the person never sees the module's raw "Aborted(...)" text.
 */
export function moduleFailure(error) {
  if (error?.code === 'out_of_memory') return { code: 'out_of_memory', message: OUT_OF_MEMORY };
  if (error?.code === 'module_failed') return { code: 'module_failed', message: MODULE_FAILED };
  const text = String(error?.message ?? error);
  const trapped = (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError)
    || /^(Aborted|abort)\(|RuntimeError/.test(text);
  if (!trapped) return null;
  return /OOM|out of memory|bad_alloc|enlarge memory/i.test(text)
    ? { code: 'out_of_memory', message: OUT_OF_MEMORY }
    : { code: 'module_failed', message: MODULE_FAILED };
}

/** An error as a message carries it. */
export const errorPayload = (error, codes = PAGE_ERROR_CODES) => moduleFailure(error) ?? {
  code: codes.includes(error?.code) ? error.code : 'worker_failed',
  message: String(error?.message ?? error),
};
