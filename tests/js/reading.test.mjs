// How the worker reads streams: into one reused buffer for byte streams (Files, stored ZIP entries), chunk
// by chunk otherwise (DecompressionStream), and cancelling what it stops reading early.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { chunksOf, READ_BUFFER_BYTES } from '../../web/worker/analysis-runner.js';

const bytes = crypto.randomBytes(3 * READ_BUFFER_BYTES + 12345);

async function collect(stream) {
  const parts = [];
  for await (const chunk of chunksOf(stream)) {
    parts.push(Buffer.from(chunk));  // a copy: the chunk's memory is reused by the next read
  }
  return { joined: Buffer.concat(parts), reads: parts.length };
}

test('a byte stream is read whole into one reused buffer', async () => {
  const stream = new Blob([bytes]).stream();
  const { joined, reads } = await collect(stream);
  assert.ok(joined.equals(bytes));
  assert.ok(reads >= 4, `${reads} reads for ${bytes.length} bytes in a ${READ_BUFFER_BYTES}-byte buffer`);
});

test('every read lands in the reader\'s own buffer, never more than it holds', async () => {
  for await (const chunk of chunksOf(new Blob([bytes]).stream())) {
    assert.ok(chunk.byteLength <= READ_BUFFER_BYTES);
    assert.equal(chunk.buffer.byteLength, READ_BUFFER_BYTES);
  }
});

test('a stream of chunks (not a byte stream) is read as it comes', async () => {
  const stream = new Blob([bytes]).stream().pipeThrough(new TransformStream());
  const { joined } = await collect(stream);
  assert.ok(joined.equals(bytes));
});

test('a deflated stream is read as it comes', async () => {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'))
    .pipeThrough(new DecompressionStream('deflate-raw'));
  const { joined } = await collect(stream);
  assert.ok(joined.equals(bytes));
});

test('stopping early cancels the stream; an error in the stream reaches the reader', async () => {
  let cancelled = null;
  const source = new ReadableStream({
    type: 'bytes',
    pull(controller) { controller.enqueue(new Uint8Array(1000).fill(1)); },
    cancel(reason) { cancelled = reason ?? 'cancelled'; },
  });
  for await (const chunk of chunksOf(source)) {
    assert.equal(chunk[0], 1);
    break;
  }
  assert.ok(cancelled);
  const failing = new ReadableStream({ pull(controller) { controller.error(new Error('disk gone')); } });
  await assert.rejects(async () => { for await (const chunk of chunksOf(failing)) assert.ok(chunk); }, /disk gone/);
});
