// Reads a ZIP archive by random access from a Blob: the central directory first, then only the entries
// asked for, each streamed through the browser's own DecompressionStream. Handles Zip64. No inflate here.

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;
/** Deflate cannot expand data more than about 1032:1; a directory that claims more is lying. */
const MAX_DEFLATE_RATIO = 1032;

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

const view = (bytes) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function u64(dv, at) {
  const value = dv.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('corrupt_archive', 'A size in the ZIP directory is impossibly large.');
  return Number(value);
}

/** Finds the end-of-central-directory record in the archive's tail. */
function findEnd(tail) {
  const dv = view(tail);
  for (let i = tail.length - 22; i >= 0 && i >= tail.length - 22 - MAX_COMMENT; i--) {
    if (dv.getUint32(i, true) === EOCD && i + 22 + dv.getUint16(i + 20, true) <= tail.length) return i;
  }
  return -1;
}

/** Reads the central directory: [{name, method, encrypted, compressedSize, uncompressedSize, localHeaderOffset}]. */
export async function readZipDirectory(blob) {
  const size = blob.size;
  if (size < 22) throw new ZipError('corrupt_archive', 'This ZIP file is too small to be an archive: it is empty or cut off.');
  // Most archives have no comment: a short tail finds the end record; a long comment needs the longest tail.
  let tailStart = Math.max(0, size - (1024 + 20 + 56));
  let tail = await read(blob, tailStart, size);
  let end = findEnd(tail);
  if (end < 0 && tailStart > 0) {
    tailStart = Math.max(0, size - (22 + MAX_COMMENT + 20 + 56));
    tail = await read(blob, tailStart, size);
    end = findEnd(tail);
  }
  if (end < 0) {
    throw new ZipError('corrupt_archive',
      'This ZIP archive has no directory at its end: the download is incomplete (cut off) or the file is damaged. Download the archive again.');
  }
  const dv = view(tail);
  let count = dv.getUint16(end + 10, true);
  let directorySize = dv.getUint32(end + 12, true);
  let directoryOffset = dv.getUint32(end + 16, true);
  const locator = end - 20;
  if (locator >= 0 && dv.getUint32(locator, true) === ZIP64_LOCATOR) {
    const recordOffset = u64(dv, locator + 8);
    const record = recordOffset >= tailStart && recordOffset + 56 <= size
      ? tail.subarray(recordOffset - tailStart, recordOffset - tailStart + 56)
      : await read(blob, recordOffset, recordOffset + 56);
    const rv = view(record);
    if (record.length < 56 || rv.getUint32(0, true) !== ZIP64_EOCD) {
      throw new ZipError('corrupt_archive', 'This ZIP archive\'s Zip64 directory record is missing or damaged.');
    }
    count = u64(rv, 32);
    directorySize = u64(rv, 40);
    directoryOffset = u64(rv, 48);
  }
  if (directoryOffset + directorySize > size) {
    throw new ZipError('corrupt_archive',
      `This ZIP archive's directory points past the end of the file (${size} bytes): the download is incomplete. Download the archive again.`);
  }
  const directory = await read(blob, directoryOffset, directoryOffset + directorySize);
  return { entries: parseDirectory(directory, count, size) };
}

function parseDirectory(bytes, count, archiveSize) {
  const dv = view(bytes);
  const decoder = new TextDecoder();
  const entries = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || dv.getUint32(at, true) !== CENTRAL) {
      throw new ZipError('corrupt_archive', `This ZIP archive's directory is damaged at entry ${n + 1} of ${count}.`);
    }
    const flags = dv.getUint16(at + 8, true);
    const method = dv.getUint16(at + 10, true);
    let compressedSize = dv.getUint32(at + 20, true);
    let uncompressedSize = dv.getUint32(at + 24, true);
    const nameLength = dv.getUint16(at + 28, true);
    const extraLength = dv.getUint16(at + 30, true);
    const commentLength = dv.getUint16(at + 32, true);
    let localHeaderOffset = dv.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // Zip64 extended information: 64-bit values for the fields that hold 0xFFFFFFFF, in this order.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = dv.getUint16(extra, true);
      const length = dv.getUint16(extra + 2, true);
      if (id === 0x0001) {
        let field = extra + 4;
        if (uncompressedSize === 0xffffffff) { uncompressedSize = u64(dv, field); field += 8; }
        if (compressedSize === 0xffffffff) { compressedSize = u64(dv, field); field += 8; }
        if (localHeaderOffset === 0xffffffff) { localHeaderOffset = u64(dv, field); }
      }
      extra += 4 + length;
    }
    if (localHeaderOffset + 30 > archiveSize) {
      throw new ZipError('corrupt_archive', `${name} lies beyond the end of this ZIP archive: the download is incomplete.`);
    }
    entries.push({ name, method, encrypted: (flags & 1) === 1, compressedSize, uncompressedSize, localHeaderOffset });
    at = extraEnd + commentLength;
  }
  return entries;
}

/** A stream of the entry's uncompressed bytes. Refuses encrypted entries, unknown methods and zip bombs. */
export async function openZipEntry(blob, entry) {
  if (entry.encrypted) {
    throw new ZipError('encrypted_entry', `${entry.name} is encrypted: Chorus cannot read password-protected archives.`);
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipError('corrupt_archive', `${entry.name} uses compression method ${entry.method}, which browsers cannot unpack.`);
  }
  if (entry.uncompressedSize > entry.compressedSize * MAX_DEFLATE_RATIO + 1024) {
    throw new ZipError('corrupt_archive',
      `${entry.name} claims to unpack to ${entry.uncompressedSize} bytes from ${entry.compressedSize}, more than compression allows: the archive is damaged or a zip bomb. It was not read.`);
  }
  const header = await read(blob, entry.localHeaderOffset, entry.localHeaderOffset + 30);
  const hv = view(header);
  if (header.length < 30 || hv.getUint32(0, true) !== LOCAL) {
    throw new ZipError('corrupt_archive', `${entry.name} is missing from where the ZIP directory says it is: the archive is damaged.`);
  }
  const start = entry.localHeaderOffset + 30 + hv.getUint16(26, true) + hv.getUint16(28, true);
  const end = start + entry.compressedSize;
  if (end > blob.size) {
    throw new ZipError('corrupt_archive', `${entry.name} is cut off: the archive ends before its data does. Download the archive again.`);
  }
  const raw = blob.slice(start, end).stream();
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.uncompressedSize) {
      throw new ZipError('corrupt_archive',
        `${entry.name} is stored uncompressed, yet its directory gives two sizes (${entry.compressedSize} and ${entry.uncompressedSize}): the archive is damaged.`);
    }
    return raw;  // the slice ends where the entry does; kept a byte stream, read into a reused buffer
  }
  const unpacked = raw.pipeThrough(new DecompressionStream('deflate-raw'));
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
