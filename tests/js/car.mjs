// Bluesky repositories (CAR v1 of DAG-CBOR blocks, ../shared/FORMATS.md section 4) for tests and benchmarks,
// written and read here without Chorus: readRepo() is the independent reader the tests derive expected counts
// from, makeRepo() writes constructed repositories (a tree of any shape, blocks in any order, history blocks
// the tree does not reach, blocks left out).
import crypto from 'node:crypto';

// ---- DAG-CBOR ----

/** A CID link in a value to encode: makeLink(cidBytes). */
export const makeLink = (cid) => ({ '/': Buffer.from(cid) });
const isLink = (v) => v !== null && typeof v === 'object' && Buffer.isBuffer(v['/']) && Object.keys(v).length === 1;

function head(major, n) {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) { const b = Buffer.alloc(3); b[0] = (major << 5) | 25; b.writeUInt16BE(n, 1); return b; }
  if (n < 0x100000000) { const b = Buffer.alloc(5); b[0] = (major << 5) | 26; b.writeUInt32BE(n, 1); return b; }
  const b = Buffer.alloc(9); b[0] = (major << 5) | 27; b.writeBigUInt64BE(BigInt(n), 1); return b;
}

/** DAG-CBOR of a value: integers, strings, Buffers (bytes), arrays, objects (keys sorted), null, booleans, links. */
export function encode(v) {
  if (v === null) return Buffer.from([0xf6]);
  if (v === true || v === false) return Buffer.from([v ? 0xf5 : 0xf4]);
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') { const b = Buffer.from(v, 'utf8'); return Buffer.concat([head(3, b.length), b]); }
  if (Buffer.isBuffer(v)) return Buffer.concat([head(2, v.length), v]);
  if (isLink(v)) { const b = Buffer.concat([Buffer.from([0]), v['/']]); return Buffer.concat([Buffer.from([0xd8, 42]), head(2, b.length), b]); }
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(encode)]);
  const keys = Object.keys(v).filter((k) => v[k] !== undefined)
    .sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return Buffer.concat([head(5, keys.length), ...keys.flatMap((k) => [encode(k), encode(v[k])])]);
}

/** Decodes one DAG-CBOR item at `at`: [value, next offset]. Links become {cid: hex}, bytes Buffers. */
export function decode(b, at = 0) {
  const first = b[at++];
  const major = first >> 5;
  let n = first & 31;
  if (n === 24) n = b[at++];
  else if (n === 25) { n = b.readUInt16BE(at); at += 2; } else if (n === 26) { n = b.readUInt32BE(at); at += 4; } else if (n === 27) { n = Number(b.readBigUInt64BE(at)); at += 8; } else if (n > 27) throw new Error(`indefinite or reserved length at ${at - 1}`);
  switch (major) {
    case 0: return [n, at];
    case 1: return [-1 - n, at];
    case 2: return [b.subarray(at, at + n), at + n];
    case 3: return [b.toString('utf8', at, at + n), at + n];
    case 4: { const a = []; for (let i = 0; i < n; i++) { const [x, next] = decode(b, at); a.push(x); at = next; } return [a, at]; }
    case 5: { const o = {}; for (let i = 0; i < n; i++) { const [k, k2] = decode(b, at); const [x, next] = decode(b, k2); o[k] = x; at = next; } return [o, at]; }
    case 6: { const [x, next] = decode(b, at); return [n === 42 ? { cid: x.subarray(1).toString('hex') } : x, next]; }
    default: return [{ 20: false, 21: true, 22: null }[n] ?? n, at];
  }
}

// ---- CAR ----

function varint(n) {
  const out = [];
  do { let byte = n % 128; n = Math.floor(n / 128); if (n > 0) byte |= 0x80; out.push(byte); } while (n > 0);
  return Buffer.from(out);
}
function readVarint(b, at) {
  let n = 0; let shift = 1;
  for (;;) { const c = b[at++]; n += (c & 0x7f) * shift; shift *= 128; if (!(c & 0x80)) return [n, at]; }
}
/** A block's CIDv1 (dag-cbor, sha2-256). */
export const cidOf = (data) => Buffer.concat([Buffer.from([0x01, 0x71, 0x12, 0x20]), crypto.createHash('sha256').update(data).digest()]);

/** Reads a CAR: { roots: [hex], blocks: Map(hex -> Buffer of DAG-CBOR), order: [hex] }. */
export function readCar(buffer) {
  let [length, at] = readVarint(buffer, 0);
  const [header] = decode(buffer.subarray(at, at + length));
  at += length;
  const blocks = new Map();
  const order = [];
  while (at < buffer.length) {
    const [size, start] = readVarint(buffer, at);
    const end = start + size;
    // CIDv1: version, codec, hash code, digest length, digest.
    let p = start;
    for (let i = 0; i < 3; i++) [, p] = readVarint(buffer, p);
    const [digestLength, digestStart] = readVarint(buffer, p);
    const cidEnd = digestStart + digestLength;
    const cid = buffer.subarray(start, cidEnd).toString('hex');
    if (!blocks.has(cid)) blocks.set(cid, buffer.subarray(cidEnd, end));
    order.push(cid);
    at = end;
  }
  return { roots: header.roots.map((r) => r.cid), version: header.version, blocks, order };
}

/**
 * A repository as its tree says: { did, records: Map(key -> record value or undefined when the block is
 * missing), reachable: Set(hex) }. Walks the MST from the commit in key order.
 */
export function readRepo(buffer) {
  const car = readCar(buffer);
  const block = (cid) => (car.blocks.has(cid) ? decode(car.blocks.get(cid))[0] : undefined);
  const commit = block(car.roots[0]);
  const records = new Map();
  const reachable = new Set([car.roots[0]]);
  const walk = (cid) => {
    if (cid == null) return;
    reachable.add(cid);
    const node = block(cid);
    if (node === undefined) return;
    walk(node.l?.cid);
    let key = '';
    for (const e of node.e) {
      key = key.slice(0, e.p) + e.k.toString('utf8');
      reachable.add(e.v.cid);
      records.set(key, block(e.v.cid));
      walk(e.t?.cid);
    }
  };
  walk(commit.data.cid);
  return { did: commit.did, records, reachable, car };
}

/**
 * Writes a repository. records: [{ key: 'app.bsky.feed.post/<rkey>', value }]; history: record values written
 * as blocks the tree does not reach; drop: keys whose blocks are left out; order: 'newest-first' (the commit,
 * then each node before its records, as exports list them), 'records-first' (every record before any node)
 * or 'shuffled' (seeded). A Buffer, or with `blocksOnly` the parts to write one by one.
 */
export function makeRepo({ did, records, history = [], drop = [], order = 'newest-first', seed = 1, blocksOnly = false }) {
  const sorted = [...records].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const recordBlocks = new Map();  // key -> [cid, data]
  for (const { key, value } of sorted) { const data = encode(value); recordBlocks.set(key, [cidOf(data), data]); }
  const nodes = [];  // [cid, data, keys below in order]
  // A tree of any shape will do for a reader: the first third of the keys under "l", one entry, the rest under its "t".
  const build = (keys) => {
    if (keys.length === 0) return null;
    let node;
    if (keys.length <= 3) {
      node = { l: null, e: [] };
      let prev = '';
      for (const key of keys) {
        let p = 0; while (p < prev.length && p < key.length && prev[p] === key[p]) p++;
        node.e.push({ k: Buffer.from(key.slice(p)), p, t: null, v: makeLink(recordBlocks.get(key)[0]) });
        prev = key;
      }
    } else {
      const k = Math.floor(keys.length / 3);
      const left = build(keys.slice(0, k));
      const right = build(keys.slice(k + 1));
      node = { l: left ? makeLink(left) : null, e: [{ k: Buffer.from(keys[k]), p: 0, t: right ? makeLink(right) : null, v: makeLink(recordBlocks.get(keys[k])[0]) }] };
    }
    const data = encode(node);
    const cid = cidOf(data);
    nodes.push([cid, data, keys]);
    return cid;
  };
  const rootNode = build(sorted.map((r) => r.key)) ?? (() => { const data = encode({ l: null, e: [] }); const cid = cidOf(data); nodes.push([cid, data, []]); return cid; })();
  const commitData = encode({ did, version: 3, data: makeLink(rootNode), rev: '3lhmydhwizp2d', prev: null, sig: Buffer.alloc(64, 7) });
  const commitCid = cidOf(commitData);
  const dropped = new Set(drop);
  const recordPart = (key) => (dropped.has(key) ? [] : [recordBlocks.get(key)]);
  let blocks;
  if (order === 'records-first') {
    blocks = [...sorted.flatMap((r) => recordPart(r.key)), ...nodes.reverse().map(([c, d]) => [c, d]), [commitCid, commitData]];
  } else {
    // Nodes were built children first: the root last. Newest first: the commit, then each node and its own records.
    blocks = [[commitCid, commitData]];
    const placed = new Set();
    for (const [cid, data, keys] of [...nodes].reverse()) {
      blocks.push([cid, data]);
      for (const key of keys) if (!placed.has(key) && keys.length <= 3) { placed.add(key); blocks.push(...recordPart(key)); }
    }
    for (const { key } of sorted) if (!placed.has(key)) blocks.push(...recordPart(key));
  }
  for (const value of history) { const data = encode(value); blocks.push([cidOf(data), data]); }
  if (order === 'shuffled') {
    let s = seed;
    const random = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = blocks.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [blocks[i], blocks[j]] = [blocks[j], blocks[i]]; }
  }
  const header = encode({ roots: [makeLink(commitCid)], version: 1 });
  const parts = [varint(header.length), header];
  for (const [cid, data] of blocks) parts.push(varint(cid.length + data.length), cid, data);
  return blocksOnly ? parts : Buffer.concat(parts);
}

/** A record key's TID for a time in ms (what clients use as rkeys): 53 bits of microseconds, 10 of clock id. */
export function tid(ms, clock = 0) {
  const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
  let v = (BigInt(ms) * 1000n << 10n) | BigInt(clock);
  let s = '';
  for (let i = 0; i < 13; i++) { s = ALPHABET[Number(v & 31n)] + s; v >>= 5n; }
  return s;
}
