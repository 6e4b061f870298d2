// Shared by the benchmarks: generated inputs, Chromium, renderer memory sampling, the Chorus page.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCollection } from './generate-collection.mjs';
import { generate } from './generate-x-archive.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA = path.join(ROOT, 'bench', 'data');
/** Launch flags that keep Chromium off the network on these machines (see ../shared/TOOLCHAIN.md). */
export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/** The value after a command-line option (`--size 500`), or `fallback`; a number when `fallback` is one. */
export function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  return typeof fallback === 'number' ? Number(process.argv[i + 1]) : process.argv[i + 1];
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A generated tweets.js of about `mb` megabytes in bench/data/, made once and reused. */
export function inputFile(mb) {
  const file = path.join(DATA, `tweets-${mb}mb.js`);
  if (!fs.existsSync(file)) {
    const result = writeGenerated(file, (write) => generate({ bytes: mb * 1e6, write }));
    console.error(`generated ${file}: ${result.records} posts`);
  }
  return file;
}

/** Writes what `produce(write)` writes to `file` (its folder made), in pieces of about 4 MiB; returns what
 * produce returns. */
export function writeGenerated(file, produce) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let buffer = [];
  let length = 0;
  const flush = () => { fs.writeSync(fd, buffer.join('')); buffer = []; length = 0; };
  try {
    const result = produce((s) => { buffer.push(s); length += s.length; if (length > 1 << 22) flush(); });
    flush();
    return result;
  } finally {
    fs.closeSync(fd);
  }
}

/** Chromium's renderer processes (the page and its workers live in one). */
function rendererPids() {
  return fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer'); } catch { return false; }
  });
}

/**
 * Resident memory of a process, and the part of it that is its own: anonymous pages (heaps, wasm memory),
 * not file pages or memory shared with the browser process. Read from the kernel's counters in
 * /proc/PID/status: sampling smaps_rollup instead walked the renderer's page tables every 25 ms and
 * slowed the very reading being measured by up to a third.
 */
function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), private: kb('RssAnon') };
}

/**
 * Peak memory of Chromium's renderer processes, sampled every 25 ms while `work` runs: `peak` is the
 * resident set (RSS), `peakPrivate` the renderer's own (anonymous) pages.
 */
export async function withRendererPeak(work) {
  let peak = 0;
  let peakPrivate = 0;
  const pids = rendererPids();  // listed once: scanning /proc every sample would steal a core
  const sample = () => {
    for (const pid of pids) {
      try {
        const m = memoryOf(pid);
        peak = Math.max(peak, m.rss);
        peakPrivate = Math.max(peakPrivate, m.private);
      } catch { /* the process ended */ }
    }
  };
  const timer = setInterval(sample, 25);
  try {
    const result = await work();
    sample();
    return { ...result, peak, peakPrivate };
  } finally {
    clearInterval(timer);
  }
}

/** A variant of the benchmark page (the JSON.parse page or the read-only ceiling), with its options. */
export async function browserRun(browser, url, file, mode, options = {}) {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.setInputFiles('#file', file);
    return await withRendererPeak(() => page.evaluate(([m, o]) => window.runBench(m, o), [mode, options]));
  } catch (error) {
    // What existing tools do to a tab with a 2 GB file: it runs out of memory and crashes.
    if (/crash/i.test(error.message)) return { error: 'the tab crashed (out of memory)' };
    throw error;
  } finally {
    await page.close().catch(() => {});
  }
}

/** Chorus as users get it: the real page, loaded (its sample analyzed), then the file chosen. */
export async function appRun(browser, appUrl, file) {
  const page = await browser.newPage();
  try {
    await page.goto(appUrl);
    await page.waitForSelector('chorus-analyzer[data-state=ready]');
    return await withRendererPeak(async () => {
      await page.setInputFiles('#file-input', file);
      const handle = await page.waitForFunction(() => {
        const entry = performance.getEntriesByName('chorus-analysis')[0];
        return entry && { ms: entry.duration, heapBytes: entry.detail?.heapBytes ?? 0 };
      }, null, { timeout: 3600000, polling: 50 });
      const { ms, heapBytes } = await handle.jsonValue();
      const posts = Number((await page.locator('#stat-posts').innerText()).replace(/,/g, ''));
      return { ms, posts, heapBytes };
    });
  } finally {
    await page.close();
  }
}

/** The summary without the estimates of top lists that stayed sketches (past 65,536 distinct values and
 * past the 4 million posts kept, merged estimates may differ from one reader's, within the stated error:
 * docs/state.md). */
export function exactPart(json) {
  const summary = JSON.parse(json);
  for (const list of Object.keys(summary.quality.approximate)) {
    delete summary.top[list];
    delete summary.distinct[list];
  }
  delete summary.quality.approximate;
  return JSON.stringify(summary);
}

/** Writes `block` between the measured markers of the page `out` (made with `title` when missing): the rest
 * of the page is written by hand and kept. */
export function writeMeasured(out, title, block) {
  const BEGIN = '<!-- measured: begin -->';
  const END = '<!-- measured: end -->';
  const text = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : `# ${title}\n\n${BEGIN}\n${END}\n`;
  const start = text.indexOf(BEGIN);
  const stop = text.indexOf(END);
  fs.writeFileSync(out, start < 0 || stop < 0 ? `${text}\n${BEGIN}\n${block}\n${END}\n`
    : `${text.slice(0, start + BEGIN.length)}\n${block}\n${text.slice(stop)}`);
}

/** Bytes per tweet of each generated collection format (measured on generate-collection.mjs's output). */
export const COLLECTION_BYTES_PER_TWEET = { v2: 924, csv: 428 };

/**
 * A folder of `files` twarc2 JSON Lines files of `mb` MB in all in bench/data/, made once: each file shares
 * 20% of its tweets with the one before, or none (`disjoint`). Returns {dir, distinct}: the distinct tweets.
 */
export function collectionFolder(mb, files, { disjoint = false } = {}) {
  const dir = path.join(DATA, `${disjoint ? 'disjoint' : 'parallel'}-${mb}mb-${files}`);
  const perFile = Math.round((mb * 1e6) / files / COLLECTION_BYTES_PER_TWEET.v2 / 100) * 100;
  const step = disjoint ? perFile : 0.8 * perFile;
  fs.mkdirSync(dir, { recursive: true });
  for (let k = 0; k < files; k++) {
    const file = path.join(dir, `search-${String(k).padStart(2, '0')}.jsonl`);
    if (!fs.existsSync(file)) writeCollection(file, { format: 'v2', from: Math.round(k * step), count: perFile });
  }
  return { dir, distinct: Math.round((files - 1) * step) + perFile };
}
