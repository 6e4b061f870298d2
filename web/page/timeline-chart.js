// Draws posts over time as SVG: stacked bars per day, ISO week or month (weeks by default past 1,000
// days), and one line per query term over the same buckets.

const SVG_NS = 'http://www.w3.org/2000/svg';
const KINDS = ['original', 'reply', 'repost', 'quote'];
const DAY_MS = 86400000;
const MAX_DAILY_BARS = 1000;
const MIN_SLOTS = 31;
const WIDTH = 960;  // the widest a chart is drawn; narrower containers get a narrower drawing, not smaller text
const MIN_WIDTH = 300;
const HEIGHT = 260;
const TICK_SPACING = 64;  // the least room, in pixels, for a date label

/** The width to draw a chart at: its container's, so that an 11 px label stays 11 px on a phone. */
const widthOf = (container) => Math.round(Math.min(WIDTH, Math.max(MIN_WIDTH, container.clientWidth || WIDTH)));
const MARGIN = { top: 12, right: 12, bottom: 28, left: 62 };  // room for "1,500,000"

function svg(name, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  parent?.appendChild(node);
  return node;
}

/** Days since 1970-01-01 of "2017-10-15", or with the hour of "2017-10-15T20" as a fraction of a day. */
const dayNumber = (start) => (start.length > 10 ? Date.parse(`${start}:00:00Z`) / DAY_MS
  : Math.round(Date.parse(`${start}T00:00:00Z`) / DAY_MS));
const isoOfDay = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The unit a chart uses: `unit` itself, or for "auto" days, weeks past MAX_DAILY_BARS days. */
export function chooseUnit(unit, firstDay, lastDay) {
  if (unit === 'hour' || unit === 'day' || unit === 'week' || unit === 'month') return unit;
  return lastDay - firstDay + 1 > MAX_DAILY_BARS ? 'week' : 'day';
}

const monthIndex = (day) => {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
const monthStart = (index) => Date.UTC(Math.floor(index / 12), index % 12, 1) / DAY_MS;
// 1970-01-01 was a Thursday: day + 3 counts from a Monday.
const weekStart = (day) => day - ((day + 3) % 7 + 7) % 7;

/**
 * The buckets from firstDay to lastDay in `unit` (day, ISO week from Monday, or calendar month), each
 * {start, end} in days (end excluded), and index(day): the bucket a day falls in. A range of fewer than
 * MIN_SLOTS days is widened so that one day does not fill the chart.
 */
export function slotsFor(unit, firstDay, lastDay) {
  let from = firstDay;
  let to = lastDay;
  if (unit === 'day' && to - from + 1 < MIN_SLOTS) {
    const pad = MIN_SLOTS - (to - from + 1);
    from -= Math.floor(pad / 2);
    to += Math.ceil(pad / 2);
  }
  const slots = [];
  if (unit === 'hour') {
    const first = Math.round(firstDay * 24);
    const last = Math.round(lastDay * 24);
    for (let h = first; h <= last; h++) slots.push({ start: h / 24, end: (h + 1) / 24 });
    return { slots, index: (day) => Math.round(day * 24) - first };
  }
  if (unit === 'month') {
    for (let m = monthIndex(from); m <= monthIndex(to); m++) slots.push({ start: monthStart(m), end: monthStart(m + 1) });
    const first = monthIndex(from);
    return { slots, index: (day) => monthIndex(day) - first };
  }
  const step = unit === 'week' ? 7 : 1;
  const origin = unit === 'week' ? weekStart(from) : from;
  for (let day = origin; day <= to; day += step) slots.push({ start: day, end: day + step });
  return { slots, index: (day) => Math.floor((day - origin) / step) };
}

/** Sums sparse day buckets into slots: for each of `keys`, a column of a number per slot (a typed array), each
 * bucket adding `value(bucket, key)` (its field `key` unless told). A chart redrawn while files are read then
 * leaves little garbage: no object per slot or per bucket. */
function fill(slots, index, buckets, keys, value = (bucket, key) => bucket[key] ?? 0) {
  const sums = Object.fromEntries(keys.map((k) => [k, new Float64Array(slots.length)]));
  for (const bucket of buckets) {
    const i = index(dayNumber(bucket.start));
    if (!(i >= 0 && i < slots.length)) continue;
    for (const k of keys) sums[k][i] += value(bucket, k);
  }
  return sums;
}

/** The largest number of `values` (an array or typed array), at least `floor`. */
function maxOf(values, floor = 0) {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** Stacked bars as one SVG path per column of `columns` (a number per slot each, stacked in that order), each
 * bar a subpath "M left top h width V bottom h -width Z". Each number is written once per bar (a bar's top is
 * the next one's bottom): a chart redrawn while files are read leaves few strings to collect. */
function barPaths(slots, x, y, columns) {
  const paths = columns.map(() => []);
  const zero = y(0).toFixed(2);
  slots.forEach((slot, i) => {
    let any = false;
    for (const column of columns) any ||= column[i] !== 0;
    if (!any) return;
    const width = x(slot.end) - x(slot.start);
    const barW = Math.max(0.6, width > 3 ? width - Math.min(2, width * 0.2) : width);
    const left = `M${(x(slot.start) + (width - barW) / 2).toFixed(2)} `;
    const w = barW.toFixed(2);
    let base = 0;
    let bottom = zero;
    columns.forEach((column, k) => {
      if (column[i] === 0) return;
      base += column[i];
      const top = y(base).toFixed(2);
      paths[k].push(left, top, 'h', w, 'V', bottom, 'h-', w, 'Z');
      bottom = top;
    });
  });
  return paths.map((parts) => parts.join(''));
}

const slotLabel = (unit, slot) => {
  if (unit === 'hour') return `${isoOfDay(Math.floor(slot.start))} ${Math.round((slot.start % 1) * 24)}:00`;
  if (unit === 'month') return isoOfDay(slot.start).slice(0, 7);
  if (unit === 'week') {
    // ISO week number: the week's Thursday decides the year.
    const thursday = new Date((slot.start + 3) * DAY_MS);
    const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1) / DAY_MS;
    return `${thursday.getUTCFullYear()}-W${String(Math.floor((slot.start + 3 - yearStart) / 7) + 1).padStart(2, '0')} (from ${isoOfDay(slot.start)})`;
  }
  return isoOfDay(slot.start);
};

/** The frame both charts share: axes, scales, a pointer tooltip. */
function frame(container, slots, maxValue, label, numberFormat, height = HEIGHT, locale = 'en') {
  const width = widthOf(container);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const firstDay = slots[0].start;
  const lastDay = slots[slots.length - 1].end;
  const x = (day) => MARGIN.left + ((day - firstDay) / (lastDay - firstDay)) * plotW;
  const dayAt = (px) => Math.floor(firstDay + ((px - MARGIN.left) / plotW) * (lastDay - firstDay));
  const y = (value) => MARGIN.top + plotH - (value / maxValue) * plotH;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label });
  const grid = svg('g', { class: 'grid' }, root);
  const axis = svg('g', { class: 'axis' }, root);
  for (const value of [0, maxValue / 2, maxValue]) {
    if (value !== Math.round(value)) continue;
    svg('line', { x1: MARGIN.left, x2: width - MARGIN.right, y1: y(value), y2: y(value) }, grid);
    const text = svg('text', { x: MARGIN.left - 8, y: y(value) + 4, 'text-anchor': 'end' }, axis);
    text.textContent = numberFormat.format(value);
  }
  const room = Math.max(2, Math.floor(plotW / TICK_SPACING));  // fewer labels on a narrow chart
  const ticks = dateTicks(firstDay, lastDay - (slots[0].end - slots[0].start), locale, room);
  const every = Math.ceil(ticks.length / room);
  for (const tick of ticks.filter((_, i) => i % every === 0)) {
    // Centred under its tick, unless that would cut it at an edge of the chart: then it ends (or starts) there.
    const at = x(tick.day);
    const half = tick.label.length * 3.4;  // about half its width in the axis's 11 px type
    const anchor = at + half > width - 2 ? 'end' : at - half < 2 ? 'start' : 'middle';
    const text = svg('text', { x: anchor === 'end' ? Math.min(at + 4, width - 2) : at, y: height - 8, 'text-anchor': anchor }, axis);
    text.textContent = tick.label;
    svg('line', { x1: x(tick.day), x2: x(tick.day), y1: MARGIN.top + plotH, y2: MARGIN.top + plotH + 4 }, grid);
  }
  container.append(root);
  return { root, x, y, plotH, dayAt, width };
}

/** Lets the pointer drag across the chart to pick days: calls onBrush(fromDay, toDay) on release. */
function brush(root, dayAt, x, slots, onBrush, width) {
  const band = svg('rect', { class: 'brush', x: 0, y: MARGIN.top, width: 0, height: HEIGHT - MARGIN.top - MARGIN.bottom }, root);
  const toView = (event) => {
    const box = root.getBoundingClientRect();
    return ((event.clientX - box.left) / box.width) * width;
  };
  const first = slots[0].start;
  const last = slots[slots.length - 1].end - 1;
  let start = null;
  root.addEventListener('pointerdown', (event) => {
    start = toView(event);
    root.setPointerCapture(event.pointerId);
  });
  root.addEventListener('pointermove', (event) => {
    if (start === null) return;
    const now = toView(event);
    band.setAttribute('x', Math.min(start, now));
    band.setAttribute('width', Math.abs(now - start));
  });
  root.addEventListener('pointerup', (event) => {
    if (start === null) return;
    const end = toView(event);
    const [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    band.setAttribute('width', 0);
    if (b - a < 3) return;  // a click, not a drag
    onBrush(Math.max(first, dayAt(a)), Math.min(last, dayAt(b)));
  });
}

/** One title on the chart, rewritten for the bucket under the pointer. */
function tooltip(root, slots, x, describe, width) {
  const tip = svg('title', {}, root);
  root.addEventListener('pointermove', (event) => {
    const box = root.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * width;
    const i = slots.findIndex((slot) => px >= x(slot.start) && px < x(slot.end));
    tip.textContent = i < 0 ? '' : describe(i);
  });
}

function niceMax(value) {
  if (value <= 4) return Math.max(1, value);
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (factor * magnitude >= value) return factor * magnitude;
  }
  return value;
}

/** The labels under a chart from firstDay to lastDay (days since 1970-01-01, fractions of a day for hours):
 * years, months, days, or on a span of a few days the date at each midnight and the hours between, as many
 * as `room` allows. Exported for tests. */
export function dateTicks(firstDay, lastDay, locale = 'en', room = Infinity) {
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
        : new Date(day * DAY_MS).toLocaleDateString(locale, { month: 'short', year: m === 0 || ticks.length === 0 ? 'numeric' : undefined, timeZone: 'UTC' });
      ticks.push({ day, label });
    }
    if (byYear) y += 1;
    else { m += monthStep; if (m > 11) { y += Math.floor(m / 12); m %= 12; } }
  }
  const dateOf = (day) => new Date(day * DAY_MS).toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  if (span <= 4) {
    // A few days (drawn per hour): each midnight's date, and the hours between every 3, 6 or 12 hours; where
    // that is more than there is room for, fewer hours, down to the midnights alone.
    ticks.length = 0;
    const finest = span <= 1.5 ? 3 : span <= 3 ? 6 : 12;
    const step = [3, 6, 12, 24].find((hours) => hours >= finest && (span * 24) / hours + 1 <= room) ?? 24;
    for (let hour = Math.ceil((firstDay * 24) / step - 1e-9) * step; hour / 24 <= lastDay + 1e-9; hour += step) {
      // The first label names its day too, when it is not a midnight.
      const time = `${hour % 24}:00`;
      ticks.push({ day: hour / 24, label: hour % 24 === 0 ? dateOf(hour / 24) : ticks.length === 0 ? `${dateOf(Math.floor(hour / 24))} ${time}` : time });
    }
  } else if (ticks.length === 0 || span < 45) {
    // Short ranges: label days instead of months, at midnight (an hourly chart starts within a day).
    ticks.length = 0;
    const every = Math.max(1, Math.ceil(span / 8));
    for (let day = Math.ceil(firstDay - 1e-9); day <= lastDay; day += every) ticks.push({ day, label: dateOf(day) });
  }
  return ticks;
}

/** Renders the posts chart into `container`: stacked bars per `unit` ("auto", "day", "week", "month"), by kind,
 * or with `stacks` ([{label, color, buckets}], the posts of each platform) by those.
 * With `onBrush(fromDay, toDay)`, dragging across the chart picks a range of days. Returns the unit used. */
export function renderTimeline(container, buckets,
  { numberFormat = new Intl.NumberFormat('en'), unit = 'auto', onBrush = null, shares = false, height = HEIGHT, stacks = null, locale = 'en' } = {}) {
  if (stacks) return renderStacks(container, buckets, stacks, { numberFormat, unit, onBrush, height, locale });
  container.replaceChildren();
  if (buckets.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'timeline-empty';
    empty.textContent = '–';
    container.append(empty);
    return 'day';
  }
  const firstDay = dayNumber(buckets[0].start);
  const lastDay = dayNumber(buckets[buckets.length - 1].start);
  const used = chooseUnit(unit, firstDay, lastDay);
  const { slots, index } = slotsFor(used, firstDay, lastDay);
  const counted = fill(slots, index, buckets, ['posts', ...KINDS]);
  // With `shares`, each bar is its bucket's kinds in percent of its posts.
  const sums = shares ? Object.fromEntries(Object.entries(counted).map(([k, column]) => [k, column.map((v, i) =>
    (counted.posts[i] === 0 ? 0 : k === 'posts' ? 100 : (v / counted.posts[i]) * 100))])) : counted;
  const maxPosts = shares ? 100 : niceMax(maxOf(sums.posts));
  const { root, x, y, dayAt, width } = frame(container, slots, maxPosts,
    shares ? `Share of each kind of post per ${used}, in percent` : `Posts per ${used}, up to ${maxPosts}`, numberFormat, height, locale);

  // One path per kind (not one element per bar): thousands of days render in a few milliseconds.
  const bars = svg('g', { class: 'bars' }, root);
  barPaths(slots, x, y, KINDS.map((kind) => sums[kind])).forEach((d, k) => {
    if (d) svg('path', { class: `bar-${KINDS[k]}`, d }, bars);
  });
  tooltip(root, slots, x, (i) => `${slotLabel(used, slots[i])}: ${numberFormat.format(counted.posts[i])} posts ` +
    `(${KINDS.map((k) => (shares && counted.posts[i] > 0
      ? `${Math.round(sums[k][i])}% ${k}` : `${counted[k][i]} ${k}`)).join(', ')})`, width);
  if (onBrush) brush(root, dayAt, x, slots, onBrush, width);
  svg('line', { class: 'baseline', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(0), y2: y(0) }, root);
  return used;
}

/** Stacked bars of several series over the buckets of `buckets` (see renderTimeline). */
function renderStacks(container, buckets, stacks, { numberFormat, unit, onBrush, height, locale }) {
  container.replaceChildren();
  if (buckets.length === 0) return renderTimeline(container, buckets, { numberFormat, unit, height });
  const firstDay = dayNumber(buckets[0].start);
  const lastDay = dayNumber(buckets[buckets.length - 1].start);
  const used = chooseUnit(unit, firstDay, lastDay);
  const { slots, index } = slotsFor(used, firstDay, lastDay);
  const counts = stacks.map((stack) => fill(slots, index, stack.buckets, ['posts']).posts);
  const totals = slots.map((_, i) => counts.reduce((n, series) => n + series[i], 0));
  const maxPosts = niceMax(maxOf(totals));
  const { root, x, y, dayAt, width } = frame(container, slots, maxPosts,
    `Posts per ${used} by platform (${stacks.map((s) => s.label).join(', ')}), up to ${maxPosts}`, numberFormat, height, locale);
  const bars = svg('g', { class: 'bars' }, root);
  barPaths(slots, x, y, counts).forEach((d, k) => {
    if (d) svg('path', { class: 'bar-platform', fill: stacks[k].color, d }, bars);
  });
  tooltip(root, slots, x, (i) => `${slotLabel(used, slots[i])}: ${numberFormat.format(totals[i])} posts ` +
    `(${stacks.map((s, k) => `${s.label} ${numberFormat.format(counts[k][i])}`).join(', ')})`, width);
  if (onBrush) brush(root, dayAt, x, slots, onBrush, width);
  svg('line', { class: 'baseline', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(0), y2: y(0) }, root);
  return used;
}

/** Colours of term series, in order; they repeat after eight terms. */
export const SERIES_COLORS = ['#5b3cc4', '#e07a1f', '#1f8a70', '#c2417a', '#2b6cb0', '#8a5a00', '#6b7280', '#0f766e'];

/**
 * Renders one line per query term over the same buckets as the posts chart of `buckets`.
 * `queries` are the summary's query series (or any series {term, buckets: [{start, count}], color?, dash?};
 * `what` names what they count). Returns the unit used.
 */
export function renderTermSeries(container, queries, buckets,
  { numberFormat = new Intl.NumberFormat('en'), unit = 'auto', what = 'Posts', height = HEIGHT, locale = 'en' } = {}) {
  container.replaceChildren();
  if (buckets.length === 0 || queries.length === 0) return 'day';
  const firstDay = dayNumber(buckets[0].start);
  const lastDay = dayNumber(buckets[buckets.length - 1].start);
  const used = chooseUnit(unit, firstDay, lastDay);
  const { slots, index } = slotsFor(used, firstDay, lastDay);
  const counts = queries.map((query) => fill(slots, index, query.buckets, ['count']).count);
  const maxCount = niceMax(counts.reduce((max, series) => maxOf(series, max), 1));
  const { root, x, y, width } = frame(container, slots, maxCount,
    what === 'Posts' ? `Posts per ${used} matching ${queries.map((q) => q.term).join(', ')}`
      : `${what} per ${used}: ${queries.map((q) => q.term).join(', ')}`, numberFormat, height, locale);
  counts.forEach((series, q) => {
    const points = Array.from(series, (v, i) => `${((x(slots[i].start) + x(slots[i].end)) / 2).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    const { color = SERIES_COLORS[q % SERIES_COLORS.length], dash = null } = queries[q];
    svg('polyline', { class: 'term-line', points, fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-linejoin': 'round',
      ...(dash ? { 'stroke-dasharray': dash } : {}) }, root);
  });
  tooltip(root, slots, x, (i) => `${slotLabel(used, slots[i])}: ` +
    queries.map((query, q) => `${query.term} ${numberFormat.format(counts[q][i])}`).join(', '), width);
  svg('line', { class: 'baseline', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(0), y2: y(0) }, root);
  return used;
}


/** Monday to Sunday in `locale`, `style` "long" or "short" (1 January 2024 was a Monday). */
export const weekdayNames = (locale, style) =>
  Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)).toLocaleDateString(locale, { weekday: style, timeZone: 'UTC' }));

/** Renders posts per hour of the week as a 7 x 24 grid of cells, darker for more posts: days across hours, or on
 * a narrow container (a phone) hours down and days across, so that every cell and label keeps a readable size.
 * `posts(n)` says a cell's count in words ("1 post"), `locale` names the days. */
export function renderHeatmap(container, weekHours,
  { numberFormat = new Intl.NumberFormat('en'), locale = 'en', posts = (n) => `${numberFormat.format(n)} post${n === 1 ? '' : 's'}` } = {}) {
  const names = weekdayNames(locale, 'short');
  container.replaceChildren();
  const narrow = container.clientWidth > 0 && container.clientWidth < 560;
  const top = 18;
  const left = narrow ? 34 : 40;
  const width = narrow ? widthOf(container) : left + 24 * 36 + 4;
  const along = narrow ? (width - left - 4) / 7 : 36;  // a cell's width
  const across = narrow ? 17 : 36 * 0.62;  // a cell's height
  const height = top + (narrow ? 24 : 7) * across + 4;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Posts per hour of the week' });
  const max = Math.max(1, ...weekHours.rows.flat());
  const place = (day, hour) => (narrow ? { x: left + day * along, y: top + hour * across } : { x: left + hour * along, y: top + day * across });
  for (let hour = 0; hour < 24; hour += 3) {
    const at = place(0, hour);
    const label = svg('text', narrow ? { class: 'axis-label', x: 0, y: at.y + across * 0.75 } : { class: 'axis-label', x: at.x + 2, y: 12 }, root);
    label.textContent = `${hour}h`;
  }
  weekHours.rows.forEach((hours, day) => {
    const at = place(day, 0);
    const label = svg('text', narrow ? { class: 'axis-label', x: at.x + 2, y: 12 } : { class: 'axis-label', x: 0, y: at.y + across * 0.68 }, root);
    label.textContent = names[day];
    hours.forEach((n, hour) => {
      const cell = place(day, hour);
      const rect = svg('rect', { class: n === 0 ? 'cell zero' : 'cell', x: cell.x + 1, y: cell.y + 1,
        width: along - 2, height: across - 2, rx: 3, 'fill-opacity': n === 0 ? 1 : (0.15 + 0.85 * (n / max)).toFixed(3) }, root);
      const title = svg('title', {}, rect);
      title.textContent = `${names[day]} ${hour}:00–${hour}:59: ${posts(n)}`;
    });
  });
  container.append(root);
}

/**
 * The numbers behind a chart, as rows for its table and its sentence: one row per bucket of `unit` ("auto"
 * chosen as the chart chooses it), from the first bucket to the last, with `series` ([{name, buckets,
 * value(bucket)}]) summed into it. Returns {unit, rows: [{label, values: [n per series]}]}.
 */
export function chartRows(buckets, unit, series) {
  if (buckets.length === 0) return { unit: 'day', rows: [] };
  const firstDay = dayNumber(buckets[0].start);
  const lastDay = dayNumber(buckets[buckets.length - 1].start);
  const used = chooseUnit(unit, firstDay, lastDay);
  const { slots, index } = slotsFor(used, firstDay, lastDay);
  const sums = series.map((s) => fill(slots, index, s.buckets, ['n'], (b) => s.value(b)).n);
  const rows = slots.map((slot, i) => ({ label: slotLabel(used, slot), values: sums.map((column) => column[i]) }));
  // The padding a short range gets on the chart is not data: the table starts and ends with the data.
  const firstRow = Math.max(0, index(firstDay));
  const lastRow = Math.min(rows.length - 1, index(lastDay));
  return { unit: used, rows: rows.slice(firstRow, lastRow + 1) };
}
