// Reading for the analysis worker: which files to read, in which order, and feeding their bytes to the
// wasm module. Kept apart from the worker's messaging so that node:test can run it on the same module.
import { looksLikeZip, openZipEntry, readZipDirectory } from './zip-reader.js';

const PROGRESS_INTERVAL_MS = 100;

/** Feeds one byte stream to the module, reporting progress; stops early when the module needs no more. */
async function feedStream(module, stream, onBytes) {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const more = module.feed(value);
    onBytes(value.byteLength);
    if (!more) {
      await reader.cancel();
      return;
    }
  }
}

/** A source that is only a problem to report under a name. */
const problemSource = (name, error) => ({ name, size: 0, order: -1, problem: { code: error.code ?? 'corrupt_archive', message: error.message } });

/** The entries of a ZIP archive that hold posts, long posts, likes and the manifest; never media. */
async function zipSources(module, file) {
  let directory;
  try {
    directory = await readZipDirectory(file);
  } catch (error) {
    return [problemSource(file.name, error)];
  }
  const picked = [];
  for (const entry of directory.entries) {
    if (entry.name.endsWith('/')) continue;
    const { role, order } = module.archiveEntry(entry.name);
    if (role) picked.push({ name: entry.name, size: entry.uncompressedSize, order, open: () => openZipEntry(file, entry) });
  }
  if (picked.length === 0) {
    return [problemSource(file.name, { code: 'not_an_export',
      message: 'This ZIP archive holds no X posts: it has no data/tweets.js and no data/js/tweets/ month files.' })];
  }
  return picked;
}

/** Turns dropped or chosen items into ordered sources: ZIPs are opened, folders filtered to archive files. */
export async function planSources(module, items) {
  const fromFolder = items.some((item) => item.path.includes('/'));
  const sources = [];
  let skipped = 0;
  for (const { file, path } of items) {
    if (await looksLikeZip(file)) {
      sources.push(...await zipSources(module, file));
      continue;
    }
    const entry = module.archiveEntry(fromFolder ? path : `data/${file.name}`);
    if (fromFolder && !entry.role) { skipped += 1; continue; }
    sources.push({ name: path, size: file.size, order: entry.order, open: () => file.stream() });
  }
  if (sources.length === 0 && skipped > 0) {
    sources.push(problemSource(items[0].path.split('/')[0], { code: 'not_an_export',
      message: `This folder holds no X archive posts: none of its ${skipped} files is data/tweets.js or a data/js/tweets/ month file.` }));
  }
  return sources.sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Analyzes sources ({name, size, open: () => ReadableStream} or {name, problem}) into one summary. */
export async function analyzeSources(module, sources, onProgress = () => {}) {
  const bytesTotal = sources.every((s) => s.size != null) ? sources.reduce((sum, s) => sum + s.size, 0) : 0;
  let bytesDone = 0;
  let lastReport = 0;
  const report = (fileName, force = false) => {
    const now = performance.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    onProgress({ bytesDone, bytesTotal, fileName });
  };
  module.begin();
  for (const source of sources) {
    module.beginFile(source.name);
    if (source.problem) {
      module.fileProblem(source.problem.code, source.problem.message);
    } else {
      report(source.name, true);
      const before = bytesDone;
      try {
        await feedStream(module, await source.open(), (n) => {
          bytesDone += n;
          report(source.name);
        });
      } catch (error) {
        module.fileProblem(error.code ?? 'corrupt_archive',
          `${source.name} could not be read to the end (${error.message}); the posts before that point are counted.`);
      }
      if (source.size) bytesDone = before + source.size;  // a file stopped early still counts as done
    }
    module.endFile();
  }
  report('', true);
  return module.finish();
}

export function urlSource(url, name) {
  return {
    name,
    size: null,
    open: async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not load ${name}: HTTP ${response.status}`);
      return response.body;
    },
  };
}

