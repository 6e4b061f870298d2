// Draws the posts-over-time chart as SVG: one stacked bar per day (per week for long ranges).

const SVG_NS = 'http://www.w3.org/2000/svg';
const KINDS = ['original', 'reply', 'repost', 'quote'];
const DAY_MS = 86400000;
const MAX_DAILY_BARS = 1000;
const MIN_SLOTS = 31;
const WIDTH = 960;
const HEIGHT = 260;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 44 };

function svg(name, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  parent?.appendChild(node);
  return node;
}

const dayNumber = (isoDay) => Math.round(Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS);
const isoOfDay = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Fills the sparse day buckets into a dense series, grouped by `step` days (1 or 7, weeks from Monday). */
export function denseSeries(buckets, step) {
  if (buckets.length === 0) return [];
  const first = dayNumber(buckets[0].start);
  const last = dayNumber(buckets[buckets.length - 1].start);
  // 1970-01-01 was a Thursday: day + 3 counts from a Monday.
  const align = (day) => (step === 7 ? day - ((day + 3) % 7 + 7) % 7 : day);
  const start = align(first);
  const series = [];
  for (let day = start; day <= last; day += step) {
    series.push({ day, posts: 0, original: 0, reply: 0, repost: 0, quote: 0 });
  }
  for (const bucket of buckets) {
    const slot = series[Math.floor((align(dayNumber(bucket.start)) - start) / step)];
    slot.posts += bucket.posts;
    for (const kind of KINDS) slot[kind] += bucket[kind];
  }
  return series;
}

function niceMax(value) {
  if (value <= 4) return Math.max(1, value);
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (factor * magnitude >= value) return factor * magnitude;
  }
  return value;
}

function dateTicks(firstDay, lastDay) {
  const span = lastDay - firstDay;
  const ticks = [];
  const start = new Date(firstDay * DAY_MS);
  const byYear = span > 3 * 365;
  const monthStep = span > 730 ? 3 : span > 240 ? 2 : 1;
  let y = start.getUTCFullYear();
  let m = byYear ? 0 : start.getUTCMonth();
  for (let guard = 0; guard < 400; guard++) {
    const day = Date.UTC(y, m, 1) / DAY_MS;
    if (day > lastDay) break;
    if (day >= firstDay) {
      const label = byYear ? String(y)
        : new Date(day * DAY_MS).toLocaleDateString('en', { month: 'short', year: m === 0 || ticks.length === 0 ? 'numeric' : undefined, timeZone: 'UTC' });
      ticks.push({ day, label });
    }
    if (byYear) y += 1;
    else { m += monthStep; if (m > 11) { y += Math.floor(m / 12); m %= 12; } }
  }
  if (ticks.length === 0 || span < 45) {
    // Short ranges: label days instead of months.
    ticks.length = 0;
    const every = Math.max(1, Math.ceil(span / 8));
    for (let day = firstDay; day <= lastDay; day += every) {
      ticks.push({ day, label: new Date(day * DAY_MS).toLocaleDateString('en', { day: 'numeric', month: 'short', timeZone: 'UTC' }) });
    }
  }
  return ticks;
}

/** Renders the chart into `container`; returns the unit used ("day" or "week"). */
export function renderTimeline(container, buckets, { numberFormat = new Intl.NumberFormat('en') } = {}) {
  container.replaceChildren();
  if (buckets.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'timeline-empty';
    empty.textContent = 'No dated posts to show.';
    container.append(empty);
    return 'day';
  }
  const spanDays = dayNumber(buckets[buckets.length - 1].start) - dayNumber(buckets[0].start) + 1;
  const step = spanDays > MAX_DAILY_BARS ? 7 : 1;
  const series = denseSeries(buckets, step);
  // A short range is padded to MIN_SLOTS so that one day does not fill the whole chart.
  for (let before = true; series.length < MIN_SLOTS; before = !before) {
    const day = before ? series[0].day - step : series[series.length - 1].day + step;
    const empty = { day, posts: 0, original: 0, reply: 0, repost: 0, quote: 0 };
    if (before) series.unshift(empty); else series.push(empty);
  }
  const maxPosts = niceMax(Math.max(...series.map((s) => s.posts)));

  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const firstDay = series[0].day;
  const lastDay = series[series.length - 1].day + step;
  const x = (day) => MARGIN.left + ((day - firstDay) / (lastDay - firstDay)) * plotW;
  const y = (value) => MARGIN.top + plotH - (value / maxPosts) * plotH;
  const slotW = plotW / series.length;
  const barW = Math.max(0.6, slotW > 3 ? slotW - Math.min(2, slotW * 0.2) : slotW);

  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
    'aria-label': `Posts per ${step === 7 ? 'week' : 'day'}, up to ${maxPosts}` });
  const grid = svg('g', { class: 'grid' }, root);
  const axis = svg('g', { class: 'axis' }, root);
  for (const value of [0, maxPosts / 2, maxPosts]) {
    if (value !== Math.round(value)) continue;
    svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value) }, grid);
    const label = svg('text', { x: MARGIN.left - 8, y: y(value) + 4, 'text-anchor': 'end' }, axis);
    label.textContent = numberFormat.format(value);
  }
  for (const tick of dateTicks(firstDay, lastDay - 1)) {
    const label = svg('text', { x: x(tick.day), y: HEIGHT - 8, 'text-anchor': 'middle' }, axis);
    label.textContent = tick.label;
    svg('line', { x1: x(tick.day), x2: x(tick.day), y1: MARGIN.top + plotH, y2: MARGIN.top + plotH + 4 }, grid);
  }

  // One path per kind (not one element per bar): thousands of days render in a few milliseconds.
  const bars = svg('g', { class: 'bars' }, root);
  const paths = Object.fromEntries(KINDS.map((kind) => [kind, []]));
  series.forEach((slot, i) => {
    if (slot.posts === 0) return;
    const left = MARGIN.left + i * slotW + (slotW - barW) / 2;
    let base = 0;
    for (const kind of KINDS) {
      if (slot[kind] === 0) continue;
      const top = y(base + slot[kind]);
      paths[kind].push(`M${left.toFixed(2)} ${top.toFixed(2)}h${barW.toFixed(2)}V${y(base).toFixed(2)}h${(-barW).toFixed(2)}Z`);
      base += slot[kind];
    }
  });
  for (const kind of KINDS) {
    if (paths[kind].length > 0) svg('path', { class: `bar-${kind}`, d: paths[kind].join('') }, bars);
  }
  // The tooltip follows the pointer: one title, rewritten for the day (or week) under it.
  const tip = svg('title', {}, root);
  root.addEventListener('pointermove', (event) => {
    const box = root.getBoundingClientRect();
    const i = Math.floor((((event.clientX - box.left) / box.width) * WIDTH - MARGIN.left) / slotW);
    const slot = series[i];
    if (!slot) { tip.textContent = ''; return; }
    const when = step === 7 ? `week of ${isoOfDay(slot.day)}` : isoOfDay(slot.day);
    tip.textContent = `${when}: ${numberFormat.format(slot.posts)} posts (${KINDS.map((k) => `${slot[k]} ${k}`).join(', ')})`;
  });
  svg('line', { class: 'baseline', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(0), y2: y(0) }, root);
  container.append(root);
  return step === 7 ? 'week' : 'day';
}

/** Colours of term series, in order; they repeat after eight terms. */
export const SERIES_COLORS = ['#5b3cc4', '#e07a1f', '#1f8a70', '#c2417a', '#2b6cb0', '#8a5a00', '#6b7280', '#0f766e'];

/**
 * Renders one line per query term over the same days (or weeks) as the posts timeline `buckets`.
 * `queries` are the summary's query series. Returns the unit used.
 */
export function renderTermSeries(container, queries, buckets, { numberFormat = new Intl.NumberFormat('en') } = {}) {
  container.replaceChildren();
  if (buckets.length === 0 || queries.length === 0) return 'day';
  const first = dayNumber(buckets[0].start);
  const last = dayNumber(buckets[buckets.length - 1].start);
  const step = last - first + 1 > MAX_DAILY_BARS ? 7 : 1;
  const align = (day) => (step === 7 ? day - ((day + 3) % 7 + 7) % 7 : day);
  const start = align(first);
  let slots = Math.floor((last - start) / step) + 1;
  const padBefore = Math.max(0, Math.floor((MIN_SLOTS - slots) / 2));
  slots = Math.max(slots, MIN_SLOTS);
  const counts = queries.map((query) => {
    const series = new Array(slots).fill(0);
    for (const bucket of query.buckets) series[Math.floor((align(dayNumber(bucket.start)) - start) / step) + padBefore] += bucket.count;
    return series;
  });
  const maxCount = niceMax(Math.max(1, ...counts.flat()));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const firstDay = start - padBefore * step;
  const x = (i) => MARGIN.left + ((i + 0.5) / slots) * plotW;
  const y = (v) => MARGIN.top + plotH - (v / maxCount) * plotH;

  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
    'aria-label': `Posts per ${step === 7 ? 'week' : 'day'} matching ${queries.map((q) => q.term).join(', ')}` });
  const grid = svg('g', { class: 'grid' }, root);
  const axis = svg('g', { class: 'axis' }, root);
  for (const value of [0, maxCount / 2, maxCount]) {
    if (value !== Math.round(value)) continue;
    svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value) }, grid);
    const label = svg('text', { x: MARGIN.left - 8, y: y(value) + 4, 'text-anchor': 'end' }, axis);
    label.textContent = numberFormat.format(value);
  }
  const dayX = (day) => MARGIN.left + ((day - firstDay) / (slots * step)) * plotW;
  for (const tick of dateTicks(firstDay, firstDay + slots * step - 1)) {
    const label = svg('text', { x: dayX(tick.day), y: HEIGHT - 8, 'text-anchor': 'middle' }, axis);
    label.textContent = tick.label;
  }
  counts.forEach((series, q) => {
    const points = series.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const line = svg('polyline', { class: 'term-line', points, fill: 'none', stroke: SERIES_COLORS[q % SERIES_COLORS.length],
      'stroke-width': 2, 'stroke-linejoin': 'round' }, root);
    const title = svg('title', {}, line);
    title.textContent = `${queries[q].term}: ${numberFormat.format(queries[q].total)} posts`;
  });
  svg('line', { class: 'baseline', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(0), y2: y(0) }, root);
  container.append(root);
  return step === 7 ? 'week' : 'day';
}
