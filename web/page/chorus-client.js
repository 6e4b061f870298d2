// A Promise client over the analysis worker (../worker/worker.js), on the page's thread. The worker starts lazily and stays, with its loaded module, so
// that no analysis needs the network; cancel() stops the running analyses within one chunk.

import { ANALYZE, CANCEL, FILTER, HOURLY, LOAD, MATCHES, PARTIAL, PROGRESS, RESULT } from '../shared/messages.js';
import { relayWorker } from './worker-relay.js';

export class ChorusClient {
  #worker = null;
  #helpers;
  #simd;
  #relayParent;  // where a relay frame goes, when the worker's script is on another origin than the page
  /** The size of the worker's wasm memory after the last request, in bytes. */
  heapBytes = 0;
  #nextId = 1;
  #pending = new Map();

  /** `helpers`: how many extra workers may read parts of a large file (default: one per core beyond two, at most three; on two cores one, for files of 512 MiB to 1 GiB).
   * `simd: false` loads the module built without SIMD128 even where the browser has it (for benchmarks and tests).
   * `relayParent`: the node a relay frame is put in (./worker-relay.js). */
  constructor({ helpers, simd = true, relayParent = document.body } = {}) {
    this.#helpers = helpers;
    this.#simd = simd;
    this.#relayParent = relayParent;
  }

  #ensureWorker() {
    if (this.#worker) return this.#worker;
    const url = new URL(`../worker/worker.js${this.#simd ? '' : '?simd=0'}`, import.meta.url);
    // Served from another origin than the page's (an embed): the worker runs in a relay frame on Chorus's origin.
    const worker = url.origin === location.origin ? new Worker(url, { type: 'module' }) : relayWorker(url, this.#relayParent);
    worker.onmessage = (event) => this.#onMessage(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.#failAll({ code: 'worker_crashed', message: event.message || 'the analysis worker stopped unexpectedly' });
    };
    this.#worker = worker;
    return worker;
  }

  #onMessage(message) {
    const request = this.#pending.get(message.id);
    if (!request) return;
    if (message.type === PROGRESS) {
      request.onProgress?.(message);
      return;
    }
    if (message.type === PARTIAL) {
      request.onPartial?.(message.summary);
      return;
    }
    this.#pending.delete(message.id);
    if (message.heapBytes) this.heapBytes = message.heapBytes;
    this.previews = message.previews ?? this.previews;
    this.readFrom = message.readFrom ?? this.readFrom;
    if (message.type === RESULT) request.resolve(message.summary);
    else request.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
  }

  #failAll(error) {
    for (const request of this.#pending.values()) {
      request.reject(Object.assign(new Error(error.message), { code: error.code }));
    }
    this.#pending.clear();
    this.#worker?.terminate();
    this.#worker = null;
  }

  #request(payload, onProgress, onPartial = null) {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress, onPartial });
      worker.postMessage({ id, ...payload });
    });
  }

  /** Resolves once the worker has loaded the wasm module, so later analyses need no network.
   * Resolves with {version, heapBytes}: the module's version and its wasm memory size now. */
  ready() {
    return this.#request({ type: LOAD, helpers: this.#helpers, cores: navigator.hardwareConcurrency });
  }

  /**
   * Analyzes files into one summary (schema chorus-summary/1). Each item is a File or {file, path}, where
   * path is the file's place in a dropped folder; ZIP archives are opened and their post files read.
   * `columns`: the column mapping for tables of unknown layouts ("time=date,text=body,..."). `privatePosts`:
   * count posts their authors shared with only some people (Mastodon's followers-only and direct ones). Afterwards,
   * `previews` holds the first rows of the tables whose columns are still to be mapped, by file name.
   */
  analyzeFiles(items, onProgress, { queries = [], timeZone = 'UTC', columns = '', privatePosts = false, onPartial = null } = {}) {
    const normalized = [...items].map((item) => (item instanceof File ? { file: item, path: item.webkitRelativePath || item.name } : item));
    this.previews = {};
    this.readFrom = {};  // file read -> the archive or folder it was in (null: on its own), once read
    return this.#request({ type: ANALYZE, items: normalized, helpers: this.#helpers, cores: navigator.hardwareConcurrency,
      queries, timeZone, columns, privatePosts }, onProgress, onPartial);
  }


  /**
   * The last analysis again for local days fromDay..toDay (days since 1970-01-01, null: open) and the kinds
   * in `kinds` (bit 0 original, 1 reply, 2 repost, 3 quote), of the platforms whose keys are in `platforms`
   * (summary.platforms[].key; undefined: all), without reading the files again.
   */
  filter(fromDay, toDay, kinds, platforms = undefined) {
    return this.#request({ type: FILTER, fromDay, toDay, kinds, platforms });
  }

  /** Posts per local hour of the last analysis, same arguments as filter(). */
  hourly(fromDay, toDay, kinds, platforms = undefined) {
    return this.#request({ type: HOURLY, fromDay, toDay, kinds, platforms });
  }

  /** Posts of the last analysis that matched query term `term`: {total, posts: [{id, time, author, text}]}. */
  matchedPosts(term, offset, count, { fromDay = null, toDay = null, kinds = 15, platforms = undefined } = {}) {
    return this.#request({ type: MATCHES, term, offset, count, fromDay, toDay, kinds, platforms });
  }

  /** Stops every running analysis: their promises reject at once, and the worker stops within one chunk,
   * dropping their tables. The worker and its module stay loaded for the next analysis. */
  cancel() {
    for (const [id, request] of this.#pending) {
      this.#worker?.postMessage({ id, type: CANCEL });
      request.reject(Object.assign(new Error('The analysis was cancelled.'), { code: 'cancelled' }));
    }
    this.#pending.clear();
  }

  /** Ends the worker and everything it holds. */
  terminate() {
    this.#failAll({ code: 'terminated', message: 'The analysis worker was stopped.' });
  }
}
