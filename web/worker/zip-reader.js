// ZIP archives by random access from a Blob: the core reads the central directory and each entry's local
// header (module.zipDirectory, module.zipEntryData); this file only reads the byte ranges it asks for and
// streams each entry through the browser's own DecompressionStream. No ZIP parsing here.

/** How many bytes of the end to read first (the core's ZIP_SHORT_TAIL_BYTES): most archives have no comment. */
const TAIL_BYTES = 1024 + 20 + 56;
/** The bytes of an entry's local header the core needs. */
const LOCAL_HEADER_BYTES = 30;

/** A ZIP problem the user should hear about. `code` is a summary problem code. */
export class ZipError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function read(blob, start, end) {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

/** Puts bytes in the module's chunk buffer; returns their length. */
function lend(module, bytes) {
  module.chunkBuffer(bytes.byteLength).set(bytes);
  return bytes.byteLength;
}

/** The module's answer, or its error as a ZipError. */
function answer(result) {
  if (!result.ok) throw new ZipError(result.error.code, result.error.message);
  return result;
}

/** Reads the central directory: {entries: [{name, method, encrypted, compressedSize, uncompressedSize, localHeaderOffset}]}. */
export async function readZipDirectory(module, blob) {
  let start = Math.max(0, blob.size - TAIL_BYTES);
  for (let tries = 0; tries < 3; tries++) {
    const bytes = await read(blob, start, blob.size);
    const result = answer(module.zipDirectory(blob.size, start, lend(module, bytes)));
    if (!result.need) return { entries: result.entries };
    if (result.need.offset >= start) break;  // the core asked for what it had: it cannot go on
    start = result.need.offset;
  }
  throw new ZipError('corrupt_archive', 'This ZIP archive\'s directory could not be located: the archive is damaged.');
}

/**
 * `stream` inflated by the browser's DecompressionStream (`format`: 'gzip', 'deflate-raw'). The stream inflates
 * all of a chunk written to it at once, and deflate unpacks at most 1032 bytes per byte: the chunks go in as
 * pieces of at most 16 KiB, so that a zip bomb's chunk gives at most 17 MB before the reader takes it.
 */
export function inflate(stream, format) {
  const pieces = new TransformStream({
    transform(chunk, controller) {
      for (let at = 0; at < chunk.byteLength; at += PIECE_BYTES) controller.enqueue(chunk.subarray(at, at + PIECE_BYTES));
    },
  });
  return stream.pipeThrough(pieces).pipeThrough(new DecompressionStream(format));
}
const PIECE_BYTES = 16 << 10;

/** A stream of the entry's uncompressed bytes. The core refuses encrypted entries, unknown methods and zip bombs. */
export async function openZipEntry(module, blob, entry) {
  const header = await read(blob, entry.localHeaderOffset, entry.localHeaderOffset + LOCAL_HEADER_BYTES);
  const { dataOffset, dataSize } = answer(module.zipEntryData(entry, blob.size, lend(module, header)));
  const raw = blob.slice(dataOffset, dataOffset + dataSize).stream();
  if (entry.method === 0) return raw;  // the slice ends where the entry does; kept a byte stream, read into a reused buffer
  const unpacked = inflate(raw, 'deflate-raw');
  // Never trust the data to stop where the directory says: stop it there.
  let produced = 0;
  return unpacked.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      produced += chunk.byteLength;
      if (produced > entry.uncompressedSize) {
        controller.error(new ZipError('corrupt_archive',
          `${entry.name} unpacks to more than the ${entry.uncompressedSize} bytes its directory declares: the archive is damaged or a zip bomb. Reading stopped.`));
        return;
      }
      controller.enqueue(chunk);
    },
  }));
}

/** True when the first bytes are a ZIP signature (a local file header or an empty archive's end record). */
export async function looksLikeZip(blob) {
  const head = await read(blob, 0, 4);
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b &&
    ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}
