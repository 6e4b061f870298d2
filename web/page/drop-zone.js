// Turns an element into a drop target. Counts drag enter/leave so child elements do not flicker.

/** Lists the files below a dropped entry as {file, path}, path relative to the drop ("archive/data/tweets.js"). */
async function walk(entry) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    return [{ file, path: entry.fullPath.replace(/^\//, '') }];
  }
  const reader = entry.createReader();
  const children = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  return (await Promise.all(children.map(walk))).flat();
}

/**
 * Calls `onFiles([{file, path}])` when files or folders are dropped on `element`; the page itself ignores
 * stray drops.
 */
export function makeDropZone(element, onFiles) {
  let depth = 0;
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  element.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    element.classList.add('dragging');
  });
  element.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  element.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) element.classList.remove('dragging');
  });
  element.addEventListener('drop', async (event) => {
    event.preventDefault();
    depth = 0;
    element.classList.remove('dragging');
    // Entries must be taken while the event lasts; folders are walked afterwards.
    const entries = [...(event.dataTransfer?.items ?? [])]
      .filter((item) => item.kind === 'file')
      .map((item) => item.webkitGetAsEntry?.())
      .filter(Boolean);
    const items = entries.length > 0 && entries.some((entry) => entry.isDirectory)
      ? (await Promise.all(entries.map(walk))).flat()
      : [...(event.dataTransfer?.files ?? [])].map((file) => ({ file, path: file.name }));
    if (items.length > 0) onFiles(items);
  });
  // A file dropped next to the zone must not make the browser navigate away from the page.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (event) => {
      if (!event.composedPath().includes(element)) event.preventDefault();
    });
  }
}
