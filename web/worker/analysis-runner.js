// Reading for the analysis worker: which files to read, in which order, and feeding their bytes to the
// wasm module. Kept apart from the worker's messaging so that node:test can run it on the same module.
import { zoneTransitions } from '../shared/time-zone.js';
import { inflate, looksLikeZip, openZipEntry, readZipDirectory } from './zip-reader.js';

/** An error the module answered with ({ok: false, error: {code, message, where}}), thrown. */
export class ModuleError extends Error {
  constructor({ code, message, where }) {
    super(message);
    this.code = code;
    this.where = where;
  }
}

/** The result of a module call, or its error thrown as a ModuleError. */
export function unwrap(result) {
  if (!result.ok) throw new ModuleError(result.error);
  return result;
}

const PROGRESS_INTERVAL_MS = 100;
/** The first summary of what is counted so far comes after this much reading, the next ones this far apart
 * at least (and at least ten times as far apart as making one took, so that they cost under a tenth). */
export const FIRST_PARTIAL_MS = 100;
export const PARTIAL_INTERVAL_MS = 400;
/** Files smaller than this are read by one worker: starting helpers would cost more than it saves. */
export const MIN_SPLIT_BYTES = 24 << 20;
/** How far past a tentative cut to look for the start of a record. */
const CUT_WINDOW = 1 << 20;
/** How many first bytes of a file name its format (the core's SNIFF_BYTES). */
const HEAD_BYTES = 4096;

/** Copies bytes into the module's chunk buffer (one copy into wasm memory) and returns their length. */
function toChunk(module, bytes) {
  module.chunkBuffer(bytes.byteLength).set(bytes);
  return bytes.byteLength;
}

/** Feeds bytes to the module's current file. False once the file needs no more. */
export function feedBytes(module, bytes) {
  return unwrap(module.feedChunk(toChunk(module, bytes))).more;
}

/** Thrown when the caller cancelled the analysis. */
export class Cancelled extends Error {
  constructor() {
    super('The analysis was cancelled.');
    this.code = 'cancelled';
  }
}

/**
 * Bytes a read may bring at most. Reads go into one buffer that is reused ("BYOB"): Chromium's default
 * reader allocates a fresh ArrayBuffer per chunk, which cost the worker ~5x the CPU of the reading itself
 * (measured: 500 MB read in 3.2 s that way, 1.6-1.9 s into a reused buffer; see bench/RESULTS.md).
 */
export const READ_BUFFER_BYTES = 1 << 20;

/**
 * Reads a stream chunk by chunk: into one reused buffer when the stream is a byte stream (a File's, a
 * stored ZIP entry's), else as the stream hands its chunks out (a DecompressionStream's). Each chunk is
 * valid only until the next read.
 */
export async function* chunksOf(stream) {
  let byob = null;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    // not a byte stream
  }
  const reader = byob ?? stream.getReader();
  let buffer = byob ? new ArrayBuffer(READ_BUFFER_BYTES) : null;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = byob ? await reader.read(new Uint8Array(buffer)) : await reader.read();
      if (done) {
        finished = true;
        return;
      }
      if (byob) buffer = value.buffer;  // the same memory, handed back
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});  // an errored stream has nothing to cancel
    reader.releaseLock();
  }
}

/** Loose files from this size on, after the first such file of an analysis, are read by another worker
 * (readFile), or by slices where there is none. */
export const SLICED_FROM_BYTES = 64 << 20;
/** The size of those slices; the next one is requested while the current one is fed. */
export const SLICE_BYTES = 16 << 20;

/**
 * Feeds a file read as slices (Blob.slice().arrayBuffer()), one requested ahead, in READ_BUFFER_BYTES pieces.
 * Chromium 156 stops serving File streams in a worker that holds a large wasm memory once a few hundred MB
 * to a few GB have been streamed from several files (measured: 6 files of 248 MB stalled at the second, 20
 * at the eleventh, for good); slices never stalled (20 files, 5 GB). One file is still read as a stream,
 * the faster way (BYOB, one reused buffer: 1.6-1.9 s per 500 MB against ~3.4 s by slices).
 */
async function feedSlices(module, file, onBytes, isCancelled = () => false, sliceBytes = SLICE_BYTES) {
  const slice = (at) => file.slice(at, Math.min(file.size, at + sliceBytes)).arrayBuffer();
  let next = file.size > 0 ? slice(0) : null;
  for (let at = 0; next; at += sliceBytes) {
    const bytes = new Uint8Array(await next);
    next = at + sliceBytes < file.size ? slice(at + sliceBytes) : null;
    for (let k = 0; k < bytes.length; k += READ_BUFFER_BYTES) {
      if (isCancelled()) {
        next?.catch(() => {});
        throw new Cancelled();
      }
      const piece = bytes.subarray(k, k + READ_BUFFER_BYTES);
      const more = feedBytes(module, piece);
      onBytes(piece.byteLength);
      if (!more) {
        next?.catch(() => {});
        return;
      }
    }
  }
}

/**
 * Feeds one byte stream to the module, reporting progress; stops early when the module needs no more.
 * Between chunks it asks `isCancelled`, so a cancel takes effect within one chunk.
 */
async function feedStream(module, stream, onBytes, isCancelled = () => false) {
  return feedChunks(module, chunksOf(stream), onBytes, isCancelled);
}

/** Feeds chunks (an async iterable of Uint8Arrays, each valid until the next) like feedStream. */
async function feedChunks(module, chunks, onBytes, isCancelled = () => false) {
  for await (const chunk of chunks) {
    if (isCancelled()) throw new Cancelled();
    const more = feedBytes(module, chunk);  // to the current file, or to the tar pass under way
    onBytes(chunk.byteLength);
    if (!more) return;
  }
}

/** A source that is only a problem to report under a name. */
const problemSource = (name, error) => ({ name, size: 0, order: -1, problem: { code: error.code ?? 'corrupt_archive', message: error.message } });

/** The entries of a ZIP archive that hold posts, long posts, likes and the manifest; never media. */
async function zipSources(module, file) {
  let directory;
  try {
    directory = await readZipDirectory(module, file);
  } catch (error) {
    return [problemSource(file.name, error)];
  }
  const picked = [];
  for (const entry of directory.entries) {
    if (entry.name.endsWith('/')) continue;
    const { role, order } = module.planEntry(entry.name);
    if (role) picked.push({ name: entry.name, size: entry.uncompressedSize, order, role, open: () => openZipEntry(module, file, entry) });
  }
  if (picked.length === 0) {
    return [problemSource(file.name, { code: 'not_an_export',
      message: 'This ZIP archive holds no file of an export Chorus reads.' })];
  }
  return picked;
}

/** The first bytes of a stream (at most `n`), then it is cancelled. */
async function firstBytes(stream, n) {
  const out = new Uint8Array(n);
  let length = 0;
  for await (const chunk of chunksOf(stream)) {
    const take = Math.min(n - length, chunk.byteLength);
    out.set(chunk.subarray(0, take), length);
    length += take;
    if (length === n) break;
  }
  return out.subarray(0, length);
}

const isGzip = (head) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
const isTar = (head) => head.length >= 512 && new TextDecoder().decode(head.subarray(257, 262)) === 'ustar';

/**
 * A tar archive, inside gzip or not (inflated by the browser's DecompressionStream): its entries come in the
 * order they were written, so the core lists the reading orders they need (one pass), then each order is a
 * source that reads the stream again and takes the entries of that order.
 */
async function tarSources(module, file, stream) {
  unwrap(module.tarBegin(null, false));
  try {
    await feedStream(module, stream(), () => {});
  } catch (error) {
    return [problemSource(file.name, { code: 'corrupt_archive', message: `This tar archive could not be read: ${error.message}` })];
  }
  const { orders, damage } = unwrap(module.tarEnd(file.name));
  if (orders.length === 0) {
    return [problemSource(file.name, damage
      ? { code: 'corrupt_archive', message: `This tar archive could not be read: ${damage}` }
      : { code: 'not_an_export', message: 'This tar archive holds no file of an export Chorus reads.' })];
  }
  return orders.map((order, k) => ({ name: file.name, size: file.size, order, open: stream,
    tar: { order, last: k === orders.length - 1 } }));
}

/** Turns dropped or chosen items into ordered sources: ZIPs and tar archives are opened, folders filtered to
 * the files a format reads. */
export async function planSources(module, items) {
  const fromFolder = items.some((item) => item.path.includes('/'));
  const sources = [];
  let skipped = 0;
  // Each source says what it was read from (`from`: the archive, or the folder dropped), for the page's list of
  // what was read.
  const from = (list, name) => list.map((source) => Object.assign(source, { from: name }));
  for (const { file, path } of items) {
    if (await looksLikeZip(file)) {
      sources.push(...from(await zipSources(module, file), file.name));
      continue;
    }
    const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
    const inflated = () => inflate(file.stream(), 'gzip');
    if (isTar(head)) {
      sources.push(...from(await tarSources(module, file, () => file.stream()), file.name));
      continue;
    }
    if (isGzip(head)) {
      if (isTar(await firstBytes(inflated(), 512).catch(() => new Uint8Array()))) {
        sources.push(...from(await tarSources(module, file, inflated), file.name));
        continue;
      }
      // One compressed file: read as the file it holds.
      const name = file.name.replace(/\.gz$/, '');
      const entry = module.planEntry(`data/${name}`);
      sources.push({ name, size: null, order: entry.order, role: entry.role, open: inflated });
      continue;
    }
    const entry = module.planEntry(fromFolder ? path : `data/${file.name}`);
    if (fromFolder && !entry.role) { skipped += 1; continue; }
    sources.push({ name: path, size: file.size, order: entry.order, role: entry.role, file, open: () => file.stream(),
      from: fromFolder && path.includes('/') ? `${path.split('/')[0]}/` : null });
  }
  if (sources.length === 0 && skipped > 0) {
    sources.push(problemSource(items[0].path.split('/')[0], { code: 'not_an_export',
      message: `This folder holds no export Chorus reads: none of its ${skipped} files belongs to one.` }));
  }
  return sources.sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** How much of a table the page shows for a column mapping. */
const PREVIEW_BYTES = 64 << 10;

/**
 * What the user is shown to map the columns of the tables no format knows (problems unmapped_columns):
 * {name: {columns, rows, known}} from each such file's first bytes (module.preview). Archives' entries are
 * read again from their start; nothing else is.
 */
export async function previewsFor(module, sources, summary) {
  const names = new Set(summary.problems.filter((p) => p.code === 'unmapped_columns').map((p) => p.file));
  const previews = {};
  for (const source of sources) {
    if (!names.has(source.name) || !source.open) continue;
    const head = await firstBytes(await source.open(), PREVIEW_BYTES).catch(() => null);
    if (!head) continue;
    const { preview } = unwrap(module.preview(source.name, toChunk(module, head)));
    if (preview) previews[source.name] = preview;
  }
  return previews;
}

/** The first bytes of a file, which name its format. */
export async function headOf(file) {
  return new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
}

/**
 * Where helpers can start reading a posts file: offsets of records near equal shares of the file, as the
 * file's format finds them (module.recordStart). Returns [] when the file cannot be cut.
 */
export async function findCuts(module, file, pieces, minBytes = MIN_SPLIT_BYTES) {
  if (pieces < 2 || file.size < minBytes) return [];
  const head = await headOf(file);
  const cuts = [];
  for (let k = 1; k < pieces; k++) {
    const approx = Math.floor((file.size * k) / pieces);
    const window = new Uint8Array(await file.slice(approx, approx + CUT_WINDOW).arrayBuffer());
    const buffer = module.chunkBuffer(head.byteLength + window.byteLength);
    buffer.set(head);
    buffer.set(window, head.byteLength);
    const { offset } = unwrap(module.recordStart(file.name ?? '', head.byteLength, window.byteLength));
    if (offset < 0) continue;
    const cut = approx + offset;
    if (cut > (cuts.at(-1) ?? 0)) cuts.push(cut);
  }
  return cuts;
}

/** Starts an analysis with query terms and a time zone; throws a readable error for a bad term or zone. */
export function beginAnalysis(module, queries, timeZone, columns = '', privatePosts = false) {
  const zone = timeZone || 'UTC';
  const result = module.begin({ queries, timeZone: zone, transitions: zone === 'UTC' ? '' : zoneTransitions(zone), columns,
    privatePosts });
  if (!result.ok && result.error.code === 'bad_time_zone') result.error.message = `${zone}: ${result.error.message}`;
  unwrap(result);
}

/** How much of its range a helper reads between setting aside the posts it keeps for filters (a batch of
 * ~5,000 posts, ~250 KB). */
export const POSTS_BATCH_BYTES = 8 << 20;

/**
 * A helper's share of a posts file: the long posts first (to complete truncated posts), then the records
 * from `job.start` up to (not including) the record at `job.stop`. Every `job.postsBatchBytes` read, it takes
 * the posts it keeps for filters out of the module (takePosts, for mergePosts), so that its module never
 * holds a large range's posts and no state is ever built of them whole. Once read, it waits for `room`: how
 * many matched posts the merging module still keeps (the first range's come first, and a large file's often
 * fill it). Returns {state, posts}: the module's state with at most that many matched posts, and the batches
 * of kept posts (all Uint8Arrays, copies out of wasm memory, ready to be transferred).
 */
export async function readRange(module, job, { onBytes = () => {}, room = Promise.resolve(-1) } = {},
  isCancelled = () => false) {
  beginAnalysis(module, job.queries, job.timeZone, job.columns, job.privatePosts);
  // The posts of earlier files first: the prelude's own posts (a Mastodon outbox, a Reddit table read before
  // the file shared) are then duplicates here, not counted twice; what the prelude teaches the session stays.
  if (job.seen?.byteLength) unwrap(module.addSeen(toChunk(module, job.seen)));
  for (const long of job.prelude) {
    unwrap(module.beginFile(long.name, -1, -1));
    await feedStream(module, long.file.stream(), () => {}, isCancelled);
    unwrap(module.endFile());
  }
  const head = await headOf(job.file);
  module.chunkBuffer(head.byteLength).set(head);
  unwrap(module.beginRange(job.name, job.start, job.stop ?? -1, head.byteLength));
  const batchBytes = job.postsBatchBytes ?? POSTS_BATCH_BYTES;
  const posts = [];
  let sinceBatch = 0;
  const bytesRead = (n) => {
    onBytes(n);
    sinceBatch += n;
    if (sinceBatch >= batchBytes) {
      sinceBatch = 0;
      posts.push(unwrap(module.take('posts', false, -1)).bytes.slice());
    }
  };
  try {
    await feedStream(module, job.file.slice(job.start).stream(), bytesRead, isCancelled);
    unwrap(module.endFile());
    // Handed over only now: sent to the main worker while it was still reading its own range, batches of
    // posts stalled its Blob stream in Chromium 156 (for good, at 4 GB with three helpers).
    const maxMatched = await room;
    if (isCancelled()) throw new Cancelled();
    return { state: unwrap(module.take('state', true, maxMatched)).bytes.slice(), posts };
  } catch (error) {
    if (error instanceof Cancelled) module.begin({});  // drops the range's tables; the module stays usable
    throw error;
  }
}

/** Thrown when two ranges of one file share posts (the same id): their counts cannot be added up exactly. */
export class RangesOverlap extends Error {}

/** Adds a helper's state (from readRange) to the module's analysis; false when it is unreadable. */
export function mergeState(module, state) {
  const result = module.merge('state', toChunk(module, state));
  if (!result.ok && result.error.code === 'overlap') throw new RangesOverlap(result.error.message);
  return result.ok;
}

/** Keeps a batch of posts a helper set aside (readRange's posts); false when it is unreadable. */
export function mergePosts(module, posts) {
  return module.merge('posts', toChunk(module, posts)).ok;
}

/**
 * Analyzes sources ({name, size, open: () => ReadableStream} or {name, problem}) into one summary.
 * With `runRange` (job, {onBytes}) => {collect(maxMatched) => Promise<{state, posts}>} (readRange in another
 * module), posts files of `minSplitBytes` or more are cut into `helpers + 1` ranges: this module
 * reads the first while helpers read the others; their kept posts and states are then collected and merged
 * in order.
 * `isCancelled` is asked between chunks; a cancelled analysis throws Cancelled and keeps nothing.
 * `queries`: terms counted over time (see docs/queries.md); a term that cannot match throws (code bad_query).
 * `timeZone`: the IANA zone of days and hours (default UTC), its rules taken from the browser's Intl.
 */
export async function analyzeSources(module, sources, onProgress = () => {}, options = {}) {
  try {
    return await analyzeOnce(module, sources, onProgress, options);
  } catch (error) {
    if (!(error instanceof RangesOverlap)) throw error;
    // A file repeats posts far apart (a search run twice into one file): its ranges, read apart, each counted
    // them. Exact counts need one reader per file: everything is read again without helpers.
    return analyzeOnce(module, sources, onProgress, { ...options, helpers: 0 });
  }
}

/** The bytes of the sources after each, of its order (a collection's next files), as far as their sizes are known. */
function laterBytes(sources) {
  const later = sources.map(() => 0);
  for (let i = sources.length - 1; i > 0; i--) {
    const next = sources[i];
    if (sources[i - 1].order === next.order && next.size != null) later[i - 1] = later[i] + next.size;
  }
  return later;
}

async function analyzeOnce(module, sources, onProgress,
  { helpers = 0, runRange = null, minSplitBytes = MIN_SPLIT_BYTES,
    postsBatchBytes = POSTS_BATCH_BYTES, isCancelled = () => false, queries = [], timeZone = 'UTC',
    columns = '', privatePosts = false, slicedFromBytes = SLICED_FROM_BYTES, sliceBytes = SLICE_BYTES, readFile = null,
    onPartial = null } = {}) {
  const bytesTotal = sources.every((s) => s.size != null) ? sources.reduce((sum, s) => sum + s.size, 0) : 0;
  let bytesDone = 0;
  let lastReport = 0;
  const started = performance.now();
  let nextPartial = started + FIRST_PARTIAL_MS;
  const report = (fileName, force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    onProgress({ bytesDone, bytesTotal, fileName });
    if (onPartial && now >= nextPartial) {
      // Between chunks the module's tables are whole: what it counted so far (not yet what helpers read).
      const summary = unwrap(module.partial()).summary;
      const done = performance.now();
      // Every 400 ms at first; then less often as the reading goes on (half the time so far), so that a long
      // analysis renders a few partial results, not dozens: each costs the page a render and its garbage.
      nextPartial = done + Math.max(PARTIAL_INTERVAL_MS, 10 * (done - now), (done - started) / 2);
      onPartial(summary);
    }
  };
  const prelude = [];  // the files read so far: helpers read those ordered before the file they share
  let streamed = 0;    // large loose files read as streams (see feedSlices)
  beginAnalysis(module, queries, timeZone, columns, privatePosts);
  const later = laterBytes(sources);
  for (const [index, source] of sources.entries()) {
    if (source.tar) {
      report(source.name, true);
      unwrap(module.tarBegin(source.tar.order, source.tar.last));
      try {
        await feedStream(module, await source.open(), (n) => { bytesDone += n; report(source.name); }, isCancelled);
      } catch (error) {
        if (error instanceof Cancelled) {
          module.begin({});
          throw error;
        }
        if (source.tar.last) {
          unwrap(module.beginFile(source.name, -1, -1));
          unwrap(module.fileProblem('corrupt_archive',
            `${source.name} could not be read to the end (${error.message}); the posts before that point are counted.`));
          unwrap(module.endFile());
        }
      }
      unwrap(module.tarEnd(source.name));
      continue;
    }
    if (source.problem) {
      unwrap(module.beginFile(source.name, -1, -1));
      unwrap(module.fileProblem(source.problem.code, source.problem.message));
      unwrap(module.endFile());
      continue;
    }
    report(source.name, true);
    const before = bytesDone;
    const onBytes = (n) => {
      bytesDone += n;
      report(source.name);
    };
    const cuts = runRange && helpers > 0 && source.file
      ? await findCuts(module, source.file, helpers + 1, minSplitBytes) : [];
    unwrap(module.expectLater(later[index]));  // with the file's size, they size the set of ids
    unwrap(module.beginFile(source.name, cuts[0] ?? -1, source.size ?? -1));
    let ranges = [];
    if (cuts.length > 0) {
      // Helpers read first the files read before this one that its format orders before it (an X archive's
      // manifest, the account of every post, and its long posts, which complete truncated posts).
      const before = prelude.filter((p) => p.order < source.order);
      // The ids counted so far: a helper counts none of them again (overlapping files of a collection).
      const seen = unwrap(module.seenKeys()).bytes.slice();
      const jobs = cuts.map((start, k) => ({
        prelude: before, queries, timeZone, columns, privatePosts, postsBatchBytes, file: source.file, name: source.name, start,
        stop: cuts[k + 1] ?? null, seen,
      }));
      ranges = jobs.map((job) => runRange(job, { onBytes }));
    }
    try {
      const large = source.file && source.file.size >= slicedFromBytes;
      if (large && cuts.length === 0 && streamed > 0) {
        // Streamed by a worker without wasm memory (readFile), else read by slices (see feedSlices).
        if (readFile) await feedChunks(module, readFile(source.file), onBytes, isCancelled);
        else await feedSlices(module, source.file, onBytes, isCancelled, sliceBytes);
      } else {
        if (large) streamed += 1;
        await feedStream(module, await source.open(), onBytes, isCancelled);
      }
    } catch (error) {
      if (error instanceof Cancelled) {
        module.begin({});  // drops the unfinished analysis and its tables
        throw error;
      }
      unwrap(module.fileProblem(error.code ?? 'corrupt_archive',
        `${source.name} could not be read to the end (${error.message}); the posts before that point are counted.`));
    }
    unwrap(module.endFile());
    for (const range of ranges) {
      const { state, posts } = await range.collect(unwrap(module.matchedRoom()).room);
      while (posts.length > 0) {  // each batch let go once merged
        if (!mergePosts(module, posts.shift())) throw new Error(`a helper returned unreadable posts for ${source.name}`);
      }
      if (!mergeState(module, state)) throw new Error(`a helper returned an unreadable state for ${source.name}`);
    }
    if (source.size) bytesDone = before + source.size;  // a file stopped early still counts as done
    if (source.file) prelude.push({ file: source.file, name: source.name, order: source.order });
  }
  report('', true);
  return unwrap(module.finish()).summary;
}


