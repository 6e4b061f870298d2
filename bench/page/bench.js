// Runs one benchmark variant on the chosen file and reports the time. Each variant runs in a Worker,
// as a real page would, so the page itself stays responsive.
import { ChorusClient } from '../../web/page/chorus-client.js';

function runWorker(url, file, options = {}) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(url, import.meta.url), { type: 'module' });
    worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
    worker.onerror = (event) => { worker.terminate(); reject(new Error(event.message)); };
    worker.postMessage({ file, ...options });
  });
}

window.runBench = async (mode, options = {}) => {
  const file = document.getElementById('file').files[0];
  const started = performance.now();
  let result;
  if (mode === 'chorus') {
    const client = new ChorusClient();
    const summary = await client.analyzeFiles([file]);
    client.terminate();  // frees the worker and its module
    result = { posts: summary.totals.posts, hashtags: summary.top.hashtags.length };
  } else if (mode === 'jsonparse') {
    result = await runWorker('./jsonparse-worker.js', file);
  } else if (mode === 'jsonlines') {
    result = await runWorker('./jsonlines-worker.js', file);
  } else if (mode === 'ceiling') {
    result = await runWorker('./ceiling-worker.js', file, options);  // options.parseMBps: see budget.mjs
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  return { ms: performance.now() - started, ...result };
};
