// Exports of a summary: JSON (the documented schema), CSV tables in a ZIP, and charts as SVG and PNG.
// Aggregates only: a summary never holds post text, so neither do its exports.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The CRC-32 of bytes, as ZIP files record it. */
export function crc32(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A ZIP of small text files, stored (not compressed): [{name, text}] -> Blob. */
export function zipFiles(files) {
  const encoder = new TextEncoder();
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, text } of files) {
    const nameBytes = encoder.encode(name);
    const data = encoder.encode(text);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true);  // names are UTF-8
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, nameBytes.length, true);
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 20, true);
    header.setUint16(8, 0x0800, true);
    header.setUint32(16, crc, true);
    header.setUint32(20, data.length, true);
    header.setUint32(24, data.length, true);
    header.setUint16(28, nameBytes.length, true);
    header.setUint32(42, offset, true);
    parts.push(local, nameBytes, data);
    central.push(header, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const size = central.reduce((n, part) => n + part.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...central, end], { type: 'application/zip' });
}

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return) gets a leading apostrophe; quotes, commas and line breaks are quoted.
 */
export function csvCell(value) {
  if (value == null) return '';
  if (typeof value === 'number') return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csv = (header, rows) => [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** What an export was made from: version, input, time zone, terms and filters, and when. */
export function exportStamp(summary, { input, terms }) {
  return {
    chorus_version: summary.chorus_version,
    exported_at: new Date().toISOString(),
    input,
    time_zone: summary.timeline.time_zone,
    queries: terms,
    filters: summary.filters
      ? `days ${summary.filters.from ?? 'first'} to ${summary.filters.to ?? 'last'}; kinds ${summary.filters.kinds.join(', ')}`
      : 'none',
  };
}

/** The summary as JSON, with the stamp under "export". */
export function summaryJson(summary, stamp) {
  return JSON.stringify({ ...summary, export: stamp }, null, 2);
}

/** One CSV file per table, and about.csv with the stamp; with `hours` (the worker's hourly view, when the page
 * shows hours), hours.csv: posts by kind, each term, and over a short span new authors and languages per hour. */
export function summaryTables(summary, stamp, hours = null) {
  const kinds = ['posts', 'original', 'reply', 'repost', 'quote'];
  const files = [
    { name: 'about.csv', text: csv(['key', 'value'], Object.entries(stamp).map(([k, v]) => [k, Array.isArray(v) ? v.join(' | ') : v])) },
    { name: 'inputs.csv', text: csv(['name', 'platform', 'format', 'role', 'bytes', 'records_read', 'records_counted', 'records_skipped', 'posts', 'duplicates'],
      summary.inputs.map((i) => [i.name, i.platform, i.format, i.role, i.bytes, i.records_read, i.records_counted, i.records_skipped, i.posts, i.duplicates])) },
    { name: 'totals.csv', text: csv(kinds, [kinds.map((k) => summary.totals[k])]) },
    { name: 'platforms.csv', text: csv(['platform', 'name', ...kinds, 'likes', 'first', 'last'],
      (summary.platforms ?? []).map((p) => [p.key, p.name, ...kinds.map((k) => p[k]), p.likes, p.first, p.last])) },
    { name: 'timeline.csv', text: csv(['day', ...kinds], summary.timeline.buckets.map((b) => [b.start, ...kinds.map((k) => b[k])])) },
    { name: 'week_hours.csv', text: csv(['weekday', ...Array.from({ length: 24 }, (_, h) => `h${h}`)],
      summary.week_hours.rows.map((row, d) => [['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][d], ...row])) },
    { name: 'queries.csv', text: csv(['term', 'kind', 'day', 'posts'],
      summary.queries.flatMap((q) => q.buckets.map((b) => [q.term, q.kind, b.start, b.count]))) },
    { name: 'new_authors.csv', text: csv(['day', 'new_authors'], summary.movement.new_authors.map((b) => [b.start, b.count])) },
    { name: 'languages_over_time.csv', text: csv(['day', ...summary.movement.languages.names],
      summary.movement.languages.buckets.map((b) => [b.start, ...b.counts])) },
    { name: 'problems.csv', text: csv(['level', 'code', 'file', 'record', 'byte_offset', 'message'],
      summary.problems.map((p) => [p.level, p.code, p.file, p.record, p.byte_offset, p.message])) },
  ];
  if (hours) {
    const movement = Array.isArray(hours.languages);
    files.push({ name: 'hours.csv', text: csv(
      ['hour', ...kinds, ...summary.queries.map((q) => q.term), ...(movement ? ['new_authors', ...hours.languages] : [])],
      hours.buckets.map((b) => [b.start, ...kinds.map((k) => b[k]), ...b.terms, ...(movement ? [b.new_authors, ...b.languages] : [])])) });
  }
  for (const [list, rows] of Object.entries(summary.top)) {
    files.push({ name: `top_${list}.csv`, text: csv(['key', 'label', 'posts'], rows.map((r) => [r.key, r.label, r.count])) });
  }
  // Several platforms: each one's timeline and top lists too.
  for (const p of (summary.platforms ?? []).filter((x) => x.timeline)) {
    files.push({ name: `${p.key}/timeline.csv`, text: csv(['day', ...kinds], p.timeline.map((b) => [b.start, ...kinds.map((k) => b[k])])) });
    for (const [list, rows] of Object.entries(p.top)) {
      files.push({ name: `${p.key}/top_${list}.csv`, text: csv(['key', 'label', 'posts'], rows.map((r) => [r.key, r.label, r.count])) });
    }
  }
  return files;
}

const CHART_STYLE = `
  text { font: 11px system-ui, sans-serif; fill: #5f5b6e; }
  .grid line { stroke: #e3e0ee; } .baseline { stroke: #bdb7cf; }
  .cell { fill: #5b3cc4; } .cell.zero { fill: #f0eef7; } .axis-label { fill: #5f5b6e; font-size: 11px; }
  .bar-original { fill: #5b3cc4; } .bar-reply { fill: #1f8a70; } .bar-repost { fill: #e07a1f; } .bar-quote { fill: #2b8fd0; }`;

/** A chart's SVG as a standalone document, its styles inside, on a white background. */
export function standaloneSvg(svgElement, title) {
  const copy = svgElement.cloneNode(true);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const [, , width, height] = copy.getAttribute('viewBox').split(' ').map(Number);
  copy.setAttribute('width', width);
  copy.setAttribute('height', height);
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = CHART_STYLE;
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x: 0, y: 0, width, height, fill: '#ffffff' })) background.setAttribute(k, v);
  const caption = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  caption.textContent = title;
  copy.prepend(caption, style, background);
  return new XMLSerializer().serializeToString(copy);
}

/** Renders standalone SVG text to a PNG blob at twice its size. */
export async function svgToPng(svgText) {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth * 2;
    canvas.height = image.naturalHeight * 2;
    const context = canvas.getContext('2d');
    context.scale(2, 2);
    context.drawImage(image, 0, 0);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves a blob under a file name, without leaving the page. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
