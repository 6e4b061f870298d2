// The analyzer: hands files to the worker client and renders the summary it returns, inside the root it is
// mounted in (the <chorus-analyzer> element's shadow root). No parsing here, and nothing global: several can share a page.
import { ChorusClient } from './chorus-client.js';
import { makeDropZone } from './drop-zone.js';
import { SERIES_COLORS, chartRows, renderHeatmap, renderTermSeries, renderTimeline, weekdayNames } from './timeline-chart.js';
import { describeChart } from './chart-text.js';
import { el } from './dom.js';
import { DEFAULT_TERMS, LANGUAGES, SPECIAL_LANGUAGES, pickLanguage, translateTree, translator } from './i18n.js';
import { browserTimeZone, isTimeZone } from '../shared/time-zone.js';
import { download, exportStamp, standaloneSvg, summaryJson, summaryTables, svgToPng, zipFiles } from './exports.js';

const TOP_LISTS = ['hashtags', 'mentions', 'reply_targets', 'domains', 'languages', 'clients', 'authors'];
const TOP_SHOWN = 10;
const PROBLEMS_SHOWN = 20;

/** Each platform's colour on the posts chart, in the summary's order, and its line style on the terms chart. */
const PLATFORM_COLORS = ['#334155', '#7c3aed', '#0ea5e9', '#db2777', '#2563eb', '#16a34a', '#ea580c', '#0d9488', '#a16207', '#9f1239'];
const PLATFORM_DASHES = [null, '7 4', '2 3', '10 3 2 3'];
/** Several platforms: the summary then says, per platform, its timeline, terms and top lists. */
const byPlatform = (summary) => (summary.platforms?.length ?? 0) > 1;

/**
 * What the element tells its host about a summary: counts, timelines, terms and top lists, never a post's text
 * and never a file's name (a host may log what it is told).
 */
export function aggregates(summary) {
  const { totals, likes, date_range: dateRange, timeline, queries, top, distinct, week_hours: weekHours } = summary;
  return {
    totals, likes, dateRange, distinct, weekHours, top,
    timeline: { timeZone: timeline.time_zone, buckets: timeline.buckets },
    queries: queries.map(({ term, total, buckets }) => ({ term, total, buckets })),
    platforms: (summary.platforms ?? []).map(({ key, name, posts, original, reply, repost, quote, likes: liked }) =>
      ({ key, name, posts, original, reply, repost, quote, likes: liked })),
    files: summary.inputs.length,
    problems: summary.problems.length + summary.problems_omitted,
  };
}

/**
 * Mounts an analyzer in `root` (a shadow root holding the template), for the element `host`: its state goes
 * on `host` as data-state, data-busy and data-partial, and its results as events. `config`: {src, sample, terms,
 * timeZone, unit, lang, helpers, simd}. Returns {analyze(items), setLanguage(lang), destroy()}.
 */
export function mountAnalyzer(host, root, config) {

  // What is on screen: the terms counted and the files they were counted in (null: the sample).
  // The interface's language: the `lang` attribute's, or the browser's; the language box changes it.
  let lang = pickLanguage(config.lang);
  let t = translator(lang);
  let terms = config.terms?.length ? config.terms : DEFAULT_TERMS[lang];
  let termsChosen = config.terms?.length > 0;  // the example terms are offered, not imposed: see offerTerms
  let timeZone = config.timeZone && isTimeZone(config.timeZone) ? config.timeZone : browserTimeZone();
  let lastItems = null;
  let columns = '';  // the column mapping of tables of unknown layouts, as the user chose it ('' none yet)
  let privatePosts = false;  // count private posts (Mastodon's followers-only and direct ones), as the user asked
  let shown = null;  // the summary on screen and what it was made from, for exports
  // Whether the worker holds the posts of the results on screen, which filters, hours and matched posts are
  // asked of. Each analysis begins by dropping what the worker held, so one that was cancelled or failed leaves
  // the results on screen without them: the first such question then reads those files again (hold).
  let held = false;
  let analyzing = 0;  // analyses under way
  let reading = null;  // the files of the newest analysis (null: the dataset), to read again with other terms
  let columnsFor = null;  // the files whose tables' first rows the columns form shows, for their mapping
  let rereading = null;
  const $ = (id) => root.getElementById(id);
  // `helpers`: how many extra workers read parts of large files (default: one per core beyond two, at most three;
  // on two cores one, for files of 512 MiB to 1 GiB). `simd: false` loads the module built without wasm SIMD128.
  const client = new ChorusClient({ helpers: config.helpers, simd: config.simd !== false, relayParent: root });
  let numberFormat = new Intl.NumberFormat(lang);
  let languageNames = null;
  const n = (value) => numberFormat.format(value);
  /** Tells the host what happened: aggregates only, never a post's text. */
  const emit = (type, detail) => host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));

  function formatBytes(bytes) {
    if (bytes == null) return '';
    const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit += 1; }
    return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
  }

  /** A date as the charts show it: in the zone chosen for days and hours (`zone`), UTC by default. */
  function formatDate(iso, zone = 'UTC') {
    if (!iso) return '–';
    return new Date(iso).toLocaleDateString(lang, { day: 'numeric', month: 'short', year: 'numeric', timeZone: zone });
  }

  function showNotice(kind, title, message) {
    const notice = $('notice');
    notice.className = `notice ${kind}`;
    notice.replaceChildren(el('strong', null, title), el('p', null, message));
    notice.hidden = false;
    // An error or a warning is brought into view: it may be about files dropped far above or below.
    if (kind !== 'info') notice.scrollIntoView({ block: 'nearest' });
  }

  function hideNotice() { $('notice').hidden = true; }


  /** A language code as a person reads it: "French (fr)", "undetermined (und)"; the code alone when unknown. */
  function languageName(code) {
    let name = SPECIAL_LANGUAGES[lang][code];
    if (!name) {
      try { languageNames ??= new Intl.DisplayNames([lang], { type: 'language' }); } catch { languageNames = null; }
      try { name = languageNames?.of(code); } catch { name = null; }
    }
    return name && name !== code ? `${name} (${code})` : code;
  }

  function renderTopList(name, entries, estimated = false) {
    const list = $(`top-${name}`);
    list.replaceChildren();
    const shown = entries.slice(0, TOP_SHOWN);
    if (shown.length === 0) {
      const item = el('li');
      // An estimated list names only values surely more frequent than those it could not keep.
      item.append(el('span', 'empty', t(estimated ? 'top.noneEstimated' : 'top.none')));
      list.append(item);
      return;
    }
    const max = shown[0].count;
    const prefix = name === 'hashtags' ? '#' : ['mentions', 'reply_targets', 'authors'].includes(name) ? '@' : '';
    for (const entry of shown) {
      const item = el('li');
      const bar = el('span', 'bar');
      bar.style.width = `${Math.max(2, (entry.count / max) * 100)}%`;
      const label = name === 'languages' ? languageName(entry.label) : `${prefix}${entry.label}`;
      item.title = `${label}: ${numberFormat.format(entry.count)}`;
      item.append(bar, el('span', 'label', label), el('span', 'count', numberFormat.format(entry.count)));
      list.append(item);
    }
  }

  function describeWhere(problem) {
    const parts = [problem.file];
    if (problem.record != null) parts.push(t('quality.record', { n: problem.record }));
    if (problem.byte_offset != null) parts.push(t('quality.byte', { n: problem.byte_offset }));
    return parts.filter(Boolean).join(' · ');
  }

  function renderProblems(summary) {
    const panel = $('problems-panel');
    const list = $('problems');
    list.replaceChildren();
    const skipped = summary.inputs.reduce((n, input) => n + input.records_skipped, 0);
    const collapsed = summary.inputs.reduce((n, input) => n + input.edits_collapsed, 0);
    const total = summary.problems.length + summary.problems_omitted;
    const facts = [];
    facts.push(total === 0 ? t('quality.ok') : t('quality.found', { n: total }));
    if (skipped > 0) facts.push(t('quality.skipped', { n: skipped }));
    const { truncated_reposts: truncated, missing_engagement: noEngagement, text_repaired: repaired } = summary.quality;
    if (repaired > 0) facts.push(t('quality.repaired', { n: repaired }));
    if (truncated > 0) facts.push(t('quality.truncated', { n: truncated }));
    if (noEngagement > 0) facts.push(t('quality.noEngagement', { n: noEngagement }));
    const outside = summary.quality.outside_timeline;
    if (outside > 0) facts.push(t('quality.outside', { n: outside }));
    const estimated = Object.entries(summary.quality.approximate);
    if (estimated.length > 0) {
      const lists = estimated.map(([list, { max_error: error }]) => t('quality.estimatedList', { list: t(`top.${list}`), n: error }));
      facts.push(t('quality.estimated', { lists: lists.join(', ') }));
    }
    // Each format's own sentences, each ended as a sentence.
    for (const format of Object.values(summary.formats)) facts.push(...format.notes.map((note) => (/[.!?]$/.test(note) ? note : `${note}.`)));
    const { duplicates, unchecked_for_duplicates: unchecked } = summary.quality;
    if (duplicates > 0) facts.push(t('quality.duplicates', { n: duplicates }));
    if (unchecked > 0) facts.push(t('quality.unchecked', { n: unchecked }));
    if (collapsed > 0) facts.push(t('quality.collapsed', { n: collapsed }));
    $('problems-summary').textContent = facts.join(' ');
    panel.classList.toggle('ok', total === 0);
    // With several platforms, each platform's problems under its name (a file's platform is its format's).
    const platformOf = new Map(summary.inputs.map((input) => [input.name, input.platform]));
    for (const problem of summary.problems) {  // a problem about a file not read (a part a manifest lists): its folder's
      if (platformOf.has(problem.file)) continue;
      const base = problem.file.split('/').pop();
      const near = summary.inputs.find((input) => input.name.split('/').pop() === base || input.name.endsWith(`/${problem.file}`));
      platformOf.set(problem.file, near?.platform ?? null);
    }
    const names = new Map((summary.platforms ?? []).map((p) => [p.key, p.name]));
    let heading = undefined;
    const listed = summary.problems.slice(0, PROBLEMS_SHOWN);
    const order = (problem) => {
      const at = [...names.keys()].indexOf(platformOf.get(problem.file));
      return at < 0 ? names.size : at;
    };
    if (byPlatform(summary)) listed.sort((a, b) => order(a) - order(b));  // stable: each platform's in reading order
    for (const problem of listed) {
      if (byPlatform(summary) && platformOf.get(problem.file) !== heading) {
        heading = platformOf.get(problem.file);
        const count = summary.problems.filter((p) => platformOf.get(p.file) === heading).length;
        list.append(el('li', 'platform-heading', t('quality.platformProblems', { platform: names.get(heading) ?? t('quality.otherFiles'), n: count })));
      }
      const item = el('li', problem.level, problem.message);
      item.append(el('span', 'where', describeWhere(problem)));
      list.append(item);
    }
    const hidden = total - Math.min(PROBLEMS_SHOWN, summary.problems.length);
    if (hidden > 0) list.append(el('li', 'more', t('quality.more', { n: hidden })));
    renderFilesRead(summary.inputs);
  }

  /** Every file (or archive entry) that was opened, what it was read as, under the archive or folder it was in:
   * nothing else was opened. */
  function renderFilesRead(inputs) {
    $('files-read-summary').textContent = t('files.summary', { n: inputs.length });
    const names = new Map((shown?.summary.platforms ?? []).map((p) => [p.key, p.name]));
    const fileItem = (input) => {
      const item = el('li', null, input.name);
      const what = [names.get(input.platform), input.role, formatBytes(input.bytes)];
      if (input.records_read > 0) what.push(t('files.records', { n: input.records_read }));
      if (input.posts > 0) what.push(t('files.posts', { n: input.posts }));
      if (input.duplicates > 0) what.push(t('files.duplicates', { n: input.duplicates }));
      item.append(el('span', 'where', ` · ${what.filter(Boolean).join(' · ')}`));
      return item;
    };
    const readFrom = client.readFrom ?? {};
    const groups = new Map();  // archive or folder -> its inputs, in reading order; null: files dropped on their own
    for (const input of inputs) {
      const from = readFrom[input.name] ?? null;
      if (!groups.has(from)) groups.set(from, []);
      groups.get(from).push(input);
    }
    $('files-read-list').replaceChildren(...[...groups].flatMap(([from, list]) => {
      if (from === null) return list.map(fileItem);
      const group = el('li', 'files-read-group', t('files.group', { name: from, n: list.length }));
      const nested = el('ul');
      nested.append(...list.map(fileItem));
      group.append(nested);
      return [group];
    }));
  }

  /** Shows every post again (a new analysis starts unfiltered). */
  function clearFilters() {
    $('filter-from').value = '';
    $('filter-to').value = '';
    for (const box of root.querySelectorAll('#filter-form input[name=kind], #filter-form input[name=platform]')) box.checked = true;
  }

  /** The platforms' line under the counts, and their boxes in the filter bar: shown when there are several. */
  function renderPlatforms(summary) {
    const several = byPlatform(summary);
    $('platforms-line').hidden = !several;
    $('filter-platforms').hidden = !several;
    const legend = $('timeline-legend');
    legend.querySelectorAll('.platform').forEach((item) => item.remove());
    legend.querySelectorAll('[class^=kind-]').forEach((item) => { item.hidden = several; });
    if (!several) return;
    $('platforms-line').replaceChildren(...summary.platforms.map((p, i) => {
      const item = el('li');
      const swatch = el('span', 'swatch');
      swatch.style.background = PLATFORM_COLORS[i % PLATFORM_COLORS.length];
      const kinds = ['original', 'reply', 'repost', 'quote'].filter((k) => p[k] > 0).map((k) => `${n(p[k])} ${t(`kind.${k}`)}`);
      item.append(swatch, el('b', null, p.name), ` ${t('platforms.posts', { n: p.posts })}`);
      if (kinds.length > 0) item.append(el('span', 'muted', ` (${kinds.join(', ')})`));
      if (p.likes > 0) item.append(el('span', 'muted', ` · ${t('platforms.likes', { n: p.likes })}`));
      return item;
    }));
    legend.append(...summary.platforms.map((p, i) => {
      const item = el('li', 'platform', p.name);
      item.style.setProperty('--platform-color', PLATFORM_COLORS[i % PLATFORM_COLORS.length]);
      return item;
    }));
    const boxes = $('filter-platforms');
    const keys = summary.platforms.map((p) => p.key).join(',');
    if (boxes.dataset.keys === keys) return;  // a filtered summary: the boxes keep their state
    boxes.dataset.keys = keys;
    boxes.replaceChildren(...summary.platforms.map((p) => {
      const label = el('label');
      const box = el('input');
      box.type = 'checkbox';
      box.name = 'platform';
      box.value = p.key;
      box.checked = true;
      label.append(box, ` ${p.name}`);
      return label;
    }));
  }

  /** Resolves at the next frame, so that long rendering is cut into tasks the browser can interleave. */
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  let renderToken = 0;

  /**
   * Renders a summary, section by section, one frame apart: no task long enough to freeze the page. A
   * `partial` summary (what is counted so far, while files are read) fills the counts and the timeline, says it
   * is still reading, and leaves the other panels, notices, exports and the data quality panel to the final one.
   */
  async function renderSummary(summary, { sample = false, label = null, partial = false } = {}) {
    const token = ++renderToken;
    const inputs = summary.inputs;
    const totals = summary.totals;
    const readable = partial ? totals.posts > 0 : inputs.some((input) => input.readable);
    if (!partial && !readable && shown) {
      // Files with nothing to read do not erase the results on screen: the notice says so.
      const first = summary.problems[0];
      showNotice('error', t('notice.unreadable', { names: inputs.map((i) => i.name).join(', ') || t('notice.theFile') }),
        t('notice.keptResults', { message: first ? first.message : t('notice.noPosts'), name: shown.input }));
      return;
    }
    if (!partial) shown = { summary, input: label ?? summary.inputs.map((i) => i.name).join(', '), terms: [...terms] };

    if (partial) {
      if (!readable) return;  // nothing counted yet: the progress bar says what is happening
      hideNotice();  // the last results' notice (the sample's, say) is not about these counts
    } else if (!readable) {
      const first = summary.problems[0];
      showNotice('error', t('notice.unreadable', { names: inputs.map((i) => i.name).join(', ') || t('notice.theFile') }),
        first ? first.message : t('notice.noPosts'));
    } else if (sample) {
      showNotice('info', t('notice.sampleTitle'), t('notice.sample'));
    } else if (summary.problems.some((p) => p.level === 'error')) {
      const skipped = inputs.reduce((n, input) => n + input.records_skipped, 0);
      showNotice('warning', t('notice.partialTitle'),
        `${summary.problems.find((p) => p.level === 'error').message} ` +
        `${skipped > 0 ? t('notice.partialSkipped', { n: skipped }) : ''}${t('notice.partialEnd')}`);
    } else {
      hideNotice();
    }

    const names = label ?? inputs.map((i) => i.name).join(', ');
    const bytes = inputs.reduce((n, i) => n + i.bytes, 0);
    const postFiles = inputs.filter((i) => i.role === 'posts');
    const read = postFiles.reduce((n, i) => n + i.records_read, 0);
    const duplicates = summary.quality.duplicates;
    const facts = [formatBytes(bytes), t('source.records', { n: read })];
    if (duplicates > 0) facts.push(t('source.duplicates', { n: duplicates }));
    if (inputs.length > 1 && names !== t('source.filesDropped', { n: inputs.length })) facts.push(t('source.files', { n: inputs.length }));
    if (summary.account) facts.push(`@${summary.account}`);
    if (summary.likes > 0) facts.push(t('source.likes', { n: summary.likes }));
    for (const format of Object.values(summary.formats)) facts.push(...format.facts);
    $('source-line').replaceChildren(t(partial ? 'source.reading' : 'source.analyzed'), el('b', null, names),
      ` · ${facts.join(' · ')}${partial ? ` · ${t('source.soFar')}` : ''}`);
    host.dataset.partial = partial ? 'true' : 'false';
    if (!performance.getEntriesByName('chorus-first-numbers').length && performance.getEntriesByName('chorus-analysis-start').length) {
      // The time from choosing files to the first counts on screen (read by bench/first-numbers.mjs).
      performance.measure('chorus-first-numbers', { start: 'chorus-analysis-start', detail: { partial } });
    }

    for (const key of ['posts', 'original', 'reply', 'repost', 'quote']) {
      $(`stat-${key}`).textContent = n(totals[key]);
    }
    const { first, last } = summary.date_range;
    const zone = summary.timeline.time_zone;
    $('stat-range').textContent = !first ? '–'
      : formatDate(first, zone) === formatDate(last, zone) ? formatDate(first, zone) : `${formatDate(first, zone)} – ${formatDate(last, zone)}`;
    $('stat-range-label').textContent = t('card.rangeZone', { zone });

    renderPlatforms(summary);
    renderPrivate(summary);  // while reading too: the line is the new files', not the last results'
    $('results').hidden = !readable;
    $('help').hidden = readable;
    await nextFrame();
    if (token !== renderToken) return;  // a newer summary is being shown
    await renderCharts(summary, { terms: false, partial });
    $('zone-input').value = summary.timeline.time_zone;
    // While reading, the counts and the timeline: the other panels wait for the final numbers (each render of
    // them costs the page time and garbage that a long analysis would pile up).
    if (partial) return;
    await nextFrame();
    if (token !== renderToken) return;
    renderWeekHours(summary.week_hours);
    await renderTerms(summary);
    await renderVoices(summary);
    if (token !== renderToken) return;
    matchView = null;
    $('matches-panel').hidden = true;
    await nextFrame();
    if (token !== renderToken) return;
    for (const name of TOP_LISTS) renderTopList(name, summary.top[name], name in summary.quality.approximate);
    $('authors-panel').hidden = summary.top.authors.length < 2;  // an archive has one author: its owner
    renderProblems(summary);
    offerTerms(summary);
    $('terms-error').textContent = '';
    $('announce').textContent = readable ? t('announce', { name: shown.input, n: totals.posts }) : t('announceFailed', { name: shown.input });
    emit('chorus-summary', aggregates(summary));
  }

  /** Says how many private posts (shared with only some people, such as Mastodon's followers-only and direct
   * ones) were left out, or counted as asked, with the button that changes it: they are the user's to show. */
  function renderPrivate(summary) {
    const { read, counted } = summary.private_posts;
    $('private-line').hidden = read === 0;
    if (read === 0) return;
    $('private-text').textContent = t(counted > 0 ? 'private.counted' : 'private.left', { n: read });
    $('private-toggle').textContent = t(counted > 0 ? 'private.leaveOut' : 'private.count');
  }

  async function renderTerms(summary) {
    $('terms-input').value = terms.join(', ');
    const legend = $('terms-legend');
    legend.replaceChildren();
    summary.queries.forEach((query, i) => {
      const swatch = el('span', 'swatch');
      swatch.style.background = SERIES_COLORS[i % SERIES_COLORS.length];
      const item = el('li');
      const perPlatform = byPlatform(summary)
        ? ` (${summary.platforms.map((p) => `${p.name} ${n(p.queries[i].total)}`).join(', ')})` : '';
      item.append(swatch, el('span', 'term', query.term), el('span', 'total', `${t('terms.posts', { n: query.total })}${perPlatform}`));
      if (query.total > 0) {
        const read = el('button', null, t('terms.read'));
        read.type = 'button';
        read.title = t('terms.readLabel', { term: query.term });
        read.setAttribute('aria-label', t('terms.readLabel', { term: query.term }));
        read.addEventListener('click', () => showMatches(i, query, read));
        item.append(read);
      }
      legend.append(item);
    });
    return renderCharts(summary, { posts: false });
  }

  const UNITS = ['hour', 'day', 'week', 'month'];
  const unitName = (unit) => t(`unit.${unit}`);
  const kindColumns = () => ['posts', 'original', 'reply', 'repost', 'quote'].map((key) => [key, t(`kind.${key}`)]);

  /**
   * A chart's sentence and table: `series` ([{name, buckets, value(bucket)}]) per bucket of `unit`, over the range
   * of `buckets`. `stacked`: the first series is the total of the others (the posts chart by kind).
   */
  function describeSeries(container, buckets, unit, series, what, { stacked = false } = {}) {
    const { unit: used, rows } = chartRows(buckets, unit, series);
    const per = unitName(used);
    const whatOf = (count) => t(`what.${what}`, { count });  // "1 post", "2 posts"
    if (rows.length === 0 || series.length === 0) {
      describeChart(container, t('chart.none', { what: t(`what.${what}`) }), () => ({ columns: [per], rows: [] }), { toggle: t('chart.table') });
      return;
    }
    const totalOf = (row) => (stacked ? row.values[0] : row.values.reduce((a, b) => a + b, 0));
    const [first, last] = [rows[0].label, rows[rows.length - 1].label];
    let sentence;
    if (stacked || series.length === 1) {
      const busiest = rows.reduce((best, row) => (totalOf(row) > totalOf(best) ? row : best), rows[0]);
      const total = rows.reduce((sum, row) => sum + totalOf(row), 0);
      sentence = t('chart.one', { total, what: whatOf(total), first, last, unit: per, max: totalOf(busiest), at: busiest.label });
    } else {
      sentence = t('chart.many', { first, last, unit: per, series: series.map((s, i) => {
        const busiest = rows.reduce((best, row) => (row.values[i] > best.values[i] ? row : best), rows[0]);
        const total = rows.reduce((sum, row) => sum + row.values[i], 0);
        return t(total > 0 ? 'chart.seriesMost' : 'chart.series', { name: s.name, total, what: whatOf(total), max: busiest.values[i], at: busiest.label });
      }).join(t('chart.join')) });
    }
    describeChart(container, sentence, () => ({
      columns: [per, ...series.map((s) => s.name)],
      rows: rows.map((row) => [row.label, ...row.values.map((v) => n(v))]),
    }), { toggle: t('chart.table') });
  }

  /**
   * A movement of many voices: how many authors, who joins when, replies against originals and reposts, and
   * the languages over time. Shown for collections (more than one author), in the posts chart's unit: by the
   * hour when the worker's hours carry the movement (spans of up to 100 days), else days at the finest.
   */
  const VOICES_HEIGHT = 150;  // lower than the posts chart: three series stacked in one panel

  async function renderVoices(summary) {
    const token = renderToken;
    const authors = summary.distinct.authors;
    $('voices-panel').hidden = authors < 2;
    if (authors < 2) return;
    const { movement, top } = summary;
    const facts = [t('authors' in summary.quality.approximate ? 'voices.authorsEstimated' : 'voices.authors', { n: authors })];
    const busiest = movement.new_authors.reduce((best, b) => (b.count > (best?.count ?? 0) ? b : best), null);
    if (busiest) facts.push(t('voices.newcomers', { date: formatDate(busiest.start), n: busiest.count }));
    if (top.authors[0]) facts.push(t('voices.mostPosts', { name: top.authors[0].label, n: top.authors[0].count }));
    if (top.reply_targets[0]) facts.push(t('voices.mostReplied', { name: top.reply_targets[0].label, n: top.reply_targets[0].count }));
    if (movement.untracked > 0) facts.push(t('voices.untracked'));
    $('voices-line').textContent = facts.join(' · ');
    let unit = chartUnit(summary, false);
    let days = summary.timeline.buckets;
    let newAuthors = movement.new_authors;
    let languages = movement.languages;
    if (unit === 'hour') {
      const hours = await hourly(summary).catch(() => null);  // the posts chart says when hours fail
      if (token !== renderToken) return;  // a newer summary is being shown
      if (hours?.languages) {
        days = hours.buckets;
        newAuthors = hours.buckets.filter((b) => b.new_authors > 0).map((b) => ({ start: b.start, count: b.new_authors }));
        languages = { names: hours.languages, buckets: hours.buckets.map((b) => ({ start: b.start, counts: b.languages })) };
      } else {
        unit = 'auto';
      }
    }
    const used = renderTermSeries($('new-authors-chart'), [{ term: t('voices.newAuthorsSeries'), buckets: newAuthors }], days,
      { numberFormat, unit, what: 'New authors', height: VOICES_HEIGHT, locale: lang });
    $('new-authors-title').textContent = t('voices.newAuthors', { unit: unitName(used) });
    describeSeries($('new-authors-chart'), days, unit, [{ name: t('voices.newAuthorsSeries'), buckets: newAuthors, value: (b) => b.count }], 'newAuthors');
    renderTimeline($('kinds-share-chart'), days, { numberFormat, unit, shares: true, height: VOICES_HEIGHT, locale: lang });
    describeSeries($('kinds-share-chart'), days, unit, kindColumns().map(([key, name]) => ({ name, buckets: days, value: (b) => b[key] ?? 0 })), 'posts', { stacked: true });
    $('kinds-share-title').textContent = t('voices.kindsShare', { unit: unitName(used) });
    const { names, buckets } = languages;
    const series = names.map((name, i) => ({
      term: languageName(name), buckets: buckets.filter((b) => b.counts[i] > 0).map((b) => ({ start: b.start, count: b.counts[i] })),
    })).filter((s) => s.buckets.length > 0);
    $('languages-legend').replaceChildren(...series.map((s, i) => {
      const swatch = el('span', 'swatch');
      swatch.style.background = SERIES_COLORS[i % SERIES_COLORS.length];
      const item = el('li');
      item.append(swatch, el('span', 'term', s.term));
      return item;
    }));
    renderTermSeries($('languages-chart'), series, days, { numberFormat, unit, what: 'Posts by language', height: VOICES_HEIGHT, locale: lang });
    describeSeries($('languages-chart'), days, unit, series.map((x) => ({ name: x.term, buckets: x.buckets, value: (b) => b.count })), 'posts');
    $('languages-title').textContent = t('voices.languages', { unit: unitName(used) });
  }

  /** Guesses which column holds a field from its name. */
  const COLUMN_GUESSES = {
    time: /^(created_at|date|time|timestamp|datetime|created|posted|published)/i,
    text: /^(text|full_text|body|content|message|tweet|post|rawcontent|caption|tweet_text)$/i,
    author: /^(author|user|username|screen_name|user_screen_name|handle|account|name)$/i,
    id: /^(id|tweet_id|post_id|post id|status_id|id_str)$/i,
    kind: /^(kind|type|tweet_type|post_type)$/i,
    reply_to: /^(reply_to|in_reply_to|parent|in_reply_to_screen_name|in_reply_to_username)$/i,
  };
  const FIELDS = ['time', 'text', 'author', 'id', 'kind', 'reply_to'];

  /** Asks which columns of a table of unknown layout hold what, showing its first rows. */
  function renderColumns(previews) {
    const entries = Object.entries(previews ?? {});
    $('columns-panel').hidden = entries.length === 0;
    if (entries.length === 0) return;
    const [name, preview] = entries[0];
    const others = entries.length - 1;
    $('columns-intro').textContent = others > 0 ? t('columns.introMore', { name, count: others }) : t('columns.intro', { name });
    const fields = FIELDS.map((field) => {
      const label = el('label', 'column-field');
      const select = el('select');
      select.name = field;
      select.append(new Option(t(field === 'time' || field === 'text' ? 'columns.choose' : 'columns.none'), ''));
      preview.columns.forEach((column, i) => select.append(new Option(column || t('columns.column', { n: i + 1 }), String(i + 1))));
      const guess = preview.columns.findIndex((column) => COLUMN_GUESSES[field].test(column.trim()));
      if (guess >= 0) select.value = String(guess + 1);
      select.required = field === 'time' || field === 'text';
      label.append(el('span', null, t(`field.${field}`)), select);
      return label;
    });
    $('columns-fields').replaceChildren(...fields);
    const table = $('columns-preview');
    const head = el('tr');
    head.append(...preview.columns.map((column) => el('th', null, column)));
    const rows = preview.rows.map((row) => {
      const tr = el('tr');
      tr.append(...row.map((cell) => el('td', null, cell.length > 80 ? `${cell.slice(0, 80)}…` : cell)));
      return tr;
    });
    table.replaceChildren(el('thead'), el('tbody'));
    table.tHead.append(head);
    table.tBodies[0].append(...rows);
  }

  /** The filter bar's days and kinds, as the worker takes them. */
  function currentFilter() {
    const dayOf = (value) => (value ? Date.parse(`${value}T00:00:00Z`) / 86400000 : null);
    const kinds = [...root.querySelectorAll('#filter-form input[name=kind]')]
      .reduce((bits, box) => bits | (box.checked ? 1 << Number(box.value) : 0), 0);
    const boxes = [...root.querySelectorAll('#filter-form input[name=platform]')];
    // Every platform (or the only one): no platform filter.
    const platforms = boxes.length > 0 && boxes.some((box) => !box.checked) ? boxes.filter((box) => box.checked).map((box) => box.value) : undefined;
    return { fromDay: dayOf($('filter-from').value), toDay: dayOf($('filter-to').value), kinds, platforms };
  }

  let generation = 0;  // the newest analysis: one under way when another is chosen is replaced by it

  /**
   * An analysis begins; returns its generation. One under way (files chosen or a setting changed meanwhile, or
   * the dataset loading) is cancelled and says nothing of it. The worker drops the posts it held, of which the
   * list of matched posts was read.
   */
  function analysisStarts() {
    if (analyzing > 0) {
      loadingSource = false;
      sourceFetch?.abort();
      client.cancel();
    }
    held = false;
    analyzing += 1;
    matchView = null;
    $('matches-panel').hidden = true;
    return ++generation;
  }

  /** The files being read, else those on screen (null: the dataset): what a setting changed now applies to. */
  const currentItems = () => (analyzing > 0 ? reading : lastItems);

  /** Reads currentItems() again, with the settings changed. */
  function readAgain(options = {}) {
    const items = currentItems();
    return items ? analyzeFiles(items, options) : analyzeSource(options);
  }

  /** Resolves true once the worker holds the posts of the results on screen (see held), read again if it
   * does not; false when there are none to hold, an analysis is under way or the reading failed. */
  function hold() {
    if (held) return Promise.resolve(true);
    if (rereading) return rereading;
    if (!shown || analyzing > 0) return Promise.resolve(false);
    rereading = (async () => {
      const { fromDay, toDay, kinds, platforms } = currentFilter();
      const ok = await readAgain({ keepFilters: true });
      // The filters on screen stay: the results read again are shown through them.
      if (ok && (fromDay !== null || toDay !== null || kinds !== 15 || platforms !== undefined)) await applyFilter();
      return ok;
    })().finally(() => { rereading = null; });
    return rereading;
  }

  /** Filters recount the posts the worker kept: no file is read again (unless it no longer holds them, see hold). */
  async function applyFilter() {
    if (!held) {  // read again: the results come back through the filters
      await hold();
      return;
    }
    const { fromDay, toDay, kinds, platforms } = currentFilter();
    const label = shown?.input;
    setBusy(true);
    try {
      const summary = await client.filter(fromDay, toDay, kinds, platforms);
      await renderSummary(summary, { label, sample: lastItems === null });
    } catch (error) {
      showNotice('error', t('notice.filterFailed'), error.message);
    } finally {
      setBusy(false);
    }
  }

  /** Spans of at most this many days are drawn per hour when the unit is automatic: a movement's first hours
   * (a seed thread's thousands of replies within hours) would be one or two bars per day. */
  const AUTO_HOUR_DAYS = 7;
  /** How often the progress is shown at most. */
  const PROGRESS_SHOWN_MS = 500;

  /** The unit the posts and terms charts are drawn in: the one chosen, or for "automatic" hours over a short
   * span when one platform is shown (hours carry no platforms). Hours only once the final numbers are in: they
   * come from the worker, which answers once it has read the files (the counts so far are drawn per day). */
  function chartUnit(summary, partial) {
    const chosen = $('unit-select').value;
    const buckets = summary.timeline.buckets;
    if (partial) return chosen === 'hour' ? 'day' : chosen;
    if (chosen !== 'auto' || byPlatform(summary) || buckets.length === 0) return chosen;
    const day = (bucket) => Date.parse(`${bucket.start}T00:00:00Z`) / 86400000;
    return day(buckets[buckets.length - 1]) - day(buckets[0]) + 1 <= AUTO_HOUR_DAYS ? 'hour' : chosen;
  }

  /** Posts per hour of the summary on screen, asked of the worker once per summary (both charts use them). */
  const hoursOf = new WeakMap();
  function hourly(summary) {
    if (!hoursOf.has(summary)) {
      const { fromDay, toDay, kinds, platforms } = currentFilter();
      hoursOf.set(summary, hold().then((ok) => {
        // The charts fall back to days, quietly: files are being read, or reading them again failed and said why.
        if (!ok) throw Object.assign(new Error('the posts of these results are not held'), { quiet: true });
        return client.hourly(fromDay, toDay, kinds, platforms);
      }));
    }
    return hoursOf.get(summary);
  }

  /** Draws the posts chart and the terms chart in their unit (chartUnit); hours come from the worker. */
  async function renderCharts(summary, { posts = true, terms = true, partial = false } = {}) {
    const chosen = $('unit-select').value;
    let unit = chartUnit(summary, partial);
    const zone = summary.timeline.time_zone;
    let buckets = summary.timeline.buckets;
    let queries = summary.queries;
    if (unit === 'hour') {
      try {
        const hours = await hourly(summary);
        buckets = hours.buckets;
        queries = summary.queries.map((query, q) => ({
          ...query,
          buckets: hours.buckets.filter((b) => b.terms[q] > 0).map((b) => ({ start: b.start, count: b.terms[q] })),
        }));
      } catch (error) {
        hoursOf.delete(summary);
        // Hours asked for fall back to automatic, saying why; automatic hours quietly to days, as the unit says
        // (hours need every post kept: past 4 million posts they are not). Hours that could not be had for now
        // (files being read, or reading them again failed) are drawn in the automatic unit, the choice kept for the
        // next results.
        if (chosen === 'hour' && !error.quiet) {
          showNotice('warning', t('notice.hoursTitle'), t('notice.hours', { message: error.message }));
          $('unit-select').value = 'auto';
        }
        unit = 'auto';
      }
    }
    // Several platforms: a stack per platform on the posts chart, a line per term and platform on the terms chart
    // (in days and coarser: hours come from the worker without platforms).
    const platforms = byPlatform(summary) && unit !== 'hour' ? summary.platforms : null;
    if (posts) {
      const stacks = platforms?.map((p, i) => ({ label: p.name, color: PLATFORM_COLORS[i % PLATFORM_COLORS.length], buckets: p.timeline }));
      const used = renderTimeline($('timeline'), buckets, { numberFormat, unit, onBrush: brushDays, stacks, locale: lang });
      $('timeline-title').textContent = t(platforms ? 'timeline.titlePlatforms' : 'timeline.title', { unit: unitName(used), zone });
      describeSeries($('timeline'), buckets, unit, platforms
        ? platforms.map((p) => ({ name: p.name, buckets: p.timeline, value: (b) => b.posts }))
        : kindColumns().map(([key, name]) => ({ name, buckets, value: (b) => b[key] ?? 0 })), 'posts', { stacked: !platforms });
    }
    if (terms) {
      if (platforms) {
        queries = summary.queries.flatMap((query, q) => platforms.map((p, k) => ({
          term: `${query.term} (${p.name})`, buckets: p.queries[q].buckets, total: p.queries[q].total,
          color: SERIES_COLORS[q % SERIES_COLORS.length], dash: PLATFORM_DASHES[k % PLATFORM_DASHES.length],
        }))).filter((series) => series.total > 0);
      }
      const used = renderTermSeries($('terms-chart'), queries, buckets, { numberFormat, unit, locale: lang });
      $('terms-title').textContent = t('terms.title', { unit: unitName(used), zone });
      describeSeries($('terms-chart'), buckets, unit, queries.map((q) => ({ name: q.term, buckets: q.buckets, value: (b) => b.count })), 'posts');
    }
  }

  const isoDay = (day) => new Date(day * 86400000).toISOString().slice(0, 10);

  /** A range dragged across the posts chart becomes the filter's days. */
  function brushDays(fromDay, toDay) {
    $('filter-from').value = isoDay(fromDay);
    $('filter-to').value = isoDay(toDay);
    $('filter-form').requestSubmit();
  }

  const ROW_HEIGHT = 72;
  const PAGE = 200;
  let matchView = null;  // {term, total, pages: Map}

  /** The public address of a post, shown as text (never fetched). */
  const postUrl = (post) => post.url;  // the format's link to the post on its platform, or empty

  /** A virtual list: only the rows in view exist, fetched from the worker a page at a time. */
  async function renderMatchRows() {
    if (!matchView) return;
    const list = $('matches-list');
    const spacer = $('matches-spacer');
    const first = Math.max(0, Math.floor(list.scrollTop / ROW_HEIGHT) - 5);
    const last = Math.min(matchView.total, Math.ceil((list.scrollTop + list.clientHeight) / ROW_HEIGHT) + 5);
    const view = matchView;
    for (let page = Math.floor(first / PAGE); page * PAGE < last; page++) {
      if (!view.pages.has(page)) {
        view.pages.set(page, client.matchedPosts(view.term, page * PAGE, PAGE, view.filter).then((r) => r.posts));
      }
    }
    const rows = [];
    for (let i = first; i < last; i++) {
      const posts = await view.pages.get(Math.floor(i / PAGE));
      if (view !== matchView) return;  // another term was opened meanwhile
      const post = posts[i % PAGE];
      if (!post) continue;
      const row = el('div', 'match-row');
      row.style.top = `${i * ROW_HEIGHT}px`;
      row.append(el('div', 'meta', `${post.time.replace('T', ' ').replace('Z', ' UTC')} · ${postUrl(post)}`), el('div', 'text', post.text));
      rows.push(row);
    }
    spacer.replaceChildren(...rows);
  }

  let matchOpener = null;  // the button that opened the post list: focus goes back to it when the list closes

  async function showMatches(term, query, opener = null) {
    matchOpener = opener;
    if (!(await hold())) return;
    const filter = currentFilter();
    const { total } = await client.matchedPosts(term, 0, 0, filter);
    matchView = { term, total, filter, pages: new Map() };
    $('matches-title').textContent = total < query.total
      ? t('matches.kept', { term: query.term, n: total, total: query.total }) : t('matches.title', { term: query.term, n: total });
    $('matches-spacer').style.height = `${total * ROW_HEIGHT}px`;
    $('matches-list').style.height = `${Math.min(420, total * ROW_HEIGHT + 2)}px`;
    $('matches-panel').hidden = false;
    $('matches-list').scrollTop = 0;
    await renderMatchRows();
    $('matches-panel').scrollIntoView({ block: 'nearest' });
  }

  function renderWeekHours(weekHours) {
    const days = weekdayNames(lang, 'long');
    renderHeatmap($('heatmap'), weekHours, { numberFormat, locale: lang, posts: (count) => t('terms.posts', { n: count }) });
    const cells = weekHours.rows.flatMap((hours, day) => hours.map((n, hour) => ({ n, day, hour })));
    const top = cells.reduce((best, c) => (c.n > best.n ? c : best), cells[0]);
    const byDay = weekHours.rows.map((hours) => hours.reduce((a, b) => a + b, 0));
    const busiestDay = byDay.indexOf(Math.max(...byDay));
    describeChart($('heatmap'), top.n === 0 ? t('chart.heatmapNone')
      : t('chart.heatmap', { zone: weekHours.time_zone, day: days[top.day], hour: String(top.hour), n: top.n, busiest: days[busiestDay], total: byDay[busiestDay] }),
    () => ({ columns: [t('chart.hour'), ...days], rows: Array.from({ length: 24 }, (_, hour) => [`${hour}:00`, ...weekHours.rows.map((hours) => n(hours[hour]))]) }),
    { toggle: t('chart.table') });
    $('heatmap-title').textContent = t('heatmap.title', { zone: weekHours.time_zone });
  }

  /** While the element reads, its controls wait; while it only loads its dataset (`source`), files can still be
   * chosen, and they replace it. */
  function setBusy(busy, { source = false } = {}) {
    $('progress').hidden = !busy;
    $('file-input').disabled = busy && !source;
    $('folder-input').disabled = busy && !source;
    // Exports and filters act on finished results: while files are read, the counts shown are only so far.
    for (const control of root.querySelectorAll('.export-buttons button, #filter-form input, #filter-form button')) {
      control.disabled = busy;
    }
    host.dataset.busy = busy ? 'true' : 'false';
  }

  /** Shows the reading's progress, at most twice a second (reports come about ten times a second): each change
   * of the bar or its words is painted again, and what that leaves behind piled up over a long reading, about
   * 8 MB of the renderer's peak at 4 GB (bench/SIMD.md). A new file's name is shown at once. */
  function progressReporter() {
    const started = performance.now();
    let shownAt = -Infinity;
    return ({ bytesDone, bytesTotal, fileName }) => {
      emit('chorus-progress', { bytesDone, bytesTotal });
      const now = performance.now();
      const file = fileName ? t('progress.file', { name: fileName }) : t('progress.finishing');
      if (now - shownAt < PROGRESS_SHOWN_MS && $('progress-file').textContent === file) return;
      shownAt = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0.2 ? bytesDone / seconds : 0;
      $('progress-file').textContent = file;
      const parts = [bytesTotal ? t('progress.of', { done: formatBytes(bytesDone), total: formatBytes(bytesTotal) }) : formatBytes(bytesDone)];
      if (rate > 0) parts.push(`${formatBytes(rate)}/s`);
      if (rate > 0 && bytesTotal) parts.push(t('progress.left', { seconds: Math.max(0, Math.ceil((bytesTotal - bytesDone) / rate)) }));
      $('progress-numbers').textContent = parts.join(' · ');
      $('progress-bar').value = bytesTotal ? bytesDone / bytesTotal : 0;
    };
  }

  /** Names what was dropped: one file, one folder, or a count. */
  function describeItems(items) {
    const paths = items.map((item) => item.path || item.webkitRelativePath || item.name || item.file?.name || "");
    const roots = new Set(paths.map((p) => (p.includes('/') ? `${p.split('/')[0]}/` : p)));
    return roots.size === 1 ? [...roots][0] : t('source.filesDropped', { n: items.length });
  }

  /** Analyzes dropped files; `mapping` is a column mapping chosen for them (new files start without one). */
  /** What the module reads, from its registry: the platforms in the drop zone, each format in its list. */
  let formatList = null;

  function renderFormats(formats = formatList) {
    formatList = formats;
    if (!formats) return;
    const platforms = [...new Set(formats.map((f) => f.platform))];
    const list = new Intl.ListFormat(lang, { type: 'conjunction' }).format(platforms);
    $('drop-hint').textContent = t('drop.hintPlatforms', { platforms: list });
    $('format-list').replaceChildren(...formats.map((f) => el('li', null, f.label)));
  }

  /** Puts the interface's language into the static parts, the language box and the terms box's example. */
  function applyLanguage() {
    translateTree(root, t);
    $('drop-zone').closest('.analyzer')?.setAttribute('lang', lang);
    $('language-select').value = lang;
    $('terms-input').placeholder = [...DEFAULT_TERMS[lang], '@handle'].join(', ');
    renderFormats();
  }

  /** Changes the interface's language without a reload: the words, the numbers and dates, and, unless the
   * user chose terms, the example terms (counted again, from the files already chosen). */
  async function setLanguage(code) {
    lang = pickLanguage(code, []);
    t = translator(lang);
    numberFormat = new Intl.NumberFormat(lang);
    languageNames = null;
    applyLanguage();
    emit('chorus-language', { lang });
    if (!shown && analyzing === 0) return;
    if (!termsChosen && String(terms) !== String(DEFAULT_TERMS[lang])) {
      terms = DEFAULT_TERMS[lang];  // the language's example terms
      await readAgain();
    } else if (shown) {
      await renderSummary(shown.summary, { label: shown.input, sample: lastItems === null && config.sample });
    }
  }

  /** A term that cannot be counted: said under the terms box, where the user typed it. */
  function showTermsError(message) {
    $('terms-error').textContent = t('terms.error', { message });
    $('terms-panel').scrollIntoView({ block: 'nearest' });
    $('terms-input').focus();
  }

  /** Brings the results of files the user chose into view, and says in a sentence what they hold. */
  function revealResults() {
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
    if ($('results').getBoundingClientRect().top > innerHeight * 0.5) {
      $('results').scrollIntoView({ block: 'start', behavior: reduced ? 'auto' : 'smooth' });
    }
  }

  /**
   * The example terms are the sample's. When the user's own files hold none of them, the terms panel offers the
   * files' own top hashtags instead of showing zeros.
   */
  function offerTerms(summary) {
    const offer = $('terms-offer');
    const hashtags = summary.top.hashtags.slice(0, 3).map((h) => `#${h.label}`);
    offer.hidden = termsChosen || lastItems === null || summary.queries.some((q) => q.total > 0) || hashtags.length === 0;
    if (offer.hidden) return;
    const button = el('button', 'button small', t('terms.offerButton', { terms: hashtags.join(', ') }));
    button.type = 'button';
    button.addEventListener('click', () => {
      terms = hashtags;
      termsChosen = true;
      readAgain();
    });
    offer.replaceChildren(t('terms.offer'), button);
  }

  /** `reveal`: the user chose these files, so the results are scrolled into view and announced. */
  async function analyzeFiles(items, { mapping = items === lastItems ? columns : '', reveal = false, keepFilters = false } = {}) {
    // New files: their private posts are left out until asked (not files read again, or being read).
    const privateBefore = privatePosts;
    if (items !== lastItems && items !== reading) privatePosts = false;
    const mine = analysisStarts();
    reading = items;
    setBusy(true);
    $('progress-bar').value = 0;
    performance.clearMeasures('chorus-first-numbers');
    performance.mark('chorus-analysis-start');
    const label = describeItems(items);
    try {
      const summary = await client.analyzeFiles(items, progressReporter(), {
        queries: terms, timeZone, columns: mapping, privatePosts,
        onPartial: (partial) => renderSummary(partial, { label, partial: true }),
      });
      columnsFor = items;
      renderColumns(client.previews);
      const readable = summary.inputs.some((input) => input.readable);
      if (readable || !shown) {
        lastItems = items;
        columns = mapping;
        held = true;
        if (!keepFilters) clearFilters();
      } else {
        // Nothing readable: the results on screen stay (renderSummary says so), with their files and settings,
        // but the worker no longer holds their posts.
        privatePosts = privateBefore;
      }
      await renderSummary(summary, { label });
      if (reveal && readable) revealResults();  // else the notice is what to see
      // The time from choosing files to rendered results (read by bench/run.mjs).
      performance.measure('chorus-analysis', { start: 'chorus-analysis-start', detail: { heapBytes: client.heapBytes } });
      return true;
    } catch (error) {
      if (mine !== generation) return false;  // replaced by newer files: their numbers and notice follow
      privatePosts = privateBefore;  // the results on screen stay, with their settings
      // Counts so far of an analysis that did not finish are not results: the last results come back.
      if (host.dataset.partial === 'true') {
        if (shown) await renderSummary(shown.summary, { label: shown.input });
        else $('results').hidden = true;
        host.dataset.partial = 'false';
      }
      if (error.code === 'cancelled') {
        showNotice('info', t('notice.cancelled'), shown
          ? t('notice.keptResults', { message: t('notice.stopped'), name: shown.input }) : t('notice.cancelledText'));
      }
      else if (error.code === 'bad_query') showTermsError(error.message);
      else if (error.code === 'out_of_memory') showNotice('error', t('notice.tooLarge'), error.message);
      else showNotice('error', t('notice.failed'), error.message);
      return false;
    } finally {
      analyzing -= 1;
      if (mine === generation) setBusy(false);
    }
  }

  async function start() {
    $('language-select').replaceChildren(...Object.entries(LANGUAGES).map(([code, name]) => {
      const option = new Option(name, code);
      option.lang = code;
      return option;
    }));
    $('language-select').addEventListener('change', (event) => setLanguage(event.target.value));
    applyLanguage();
    emit('chorus-language', { lang });
    makeDropZone($('drop-zone'), (items) => analyzeFiles(items, { reveal: true }));
    if (UNITS.includes(config.unit) || config.unit === 'auto') $('unit-select').value = config.unit;
    for (const input of [$('file-input'), $('folder-input')]) {
      input.addEventListener('change', (event) => {
        const files = [...event.target.files];
        event.target.value = '';
        if (files.length > 0) analyzeFiles(files, { reveal: true });
      });
    }
    $('cancel').addEventListener('click', () => {
      sourceFetch?.abort();
      client.cancel();
    });
    $('private-toggle').addEventListener('click', () => {
      if (!currentItems()) return;
      privatePosts = !privatePosts;
      readAgain();
    });
    $('zone-list').replaceChildren(...(Intl.supportedValuesOf?.('timeZone') ?? []).map((zone) => {
      const option = document.createElement('option');
      option.value = zone;
      return option;
    }));
    $('zone-input').value = timeZone;
    const changeZone = (event) => {
      event.preventDefault();
      const typed = $('zone-input').value.trim();
      const valid = isTimeZone(typed);
      $('zone-input').setAttribute('aria-invalid', String(!valid));
      $('zone-error').textContent = valid ? '' : `"${typed}" is not a time zone: type a name such as Europe/Paris or America/New_York, or pick one from the list.`;
      if (!valid || typed === timeZone) return;
      timeZone = typed;
      readAgain();
    };
    $('zone-form').addEventListener('submit', changeZone);
    $('zone-input').addEventListener('change', changeZone);
    let scrollFrame = 0;
    $('matches-list').addEventListener('scroll', () => {
      cancelAnimationFrame(scrollFrame);
      scrollFrame = requestAnimationFrame(() => renderMatchRows());
    });
    $('matches-close').addEventListener('click', () => {
      matchView = null;
      $('matches-panel').hidden = true;
      if (matchOpener?.isConnected) matchOpener.focus();
    });
    $('filter-form').addEventListener('change', applyFilter);
    $('filter-form').addEventListener('submit', (event) => { event.preventDefault(); applyFilter(); });
    $('unit-select').addEventListener('change', () => {
      if (!shown || analyzing > 0) return;  // the results being read are drawn in the unit chosen
      renderCharts(shown.summary);
      renderVoices(shown.summary);
    });
    $('columns-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = [...$('columns-fields').querySelectorAll('select')].filter((s) => s.value).map((s) => `${s.name}=${s.value}`);
      if (columnsFor) analyzeFiles(columnsFor, { mapping: chosen.join(',') });
    });
    $('filter-reset').addEventListener('click', () => {
      clearFilters();
      if (shown) applyFilter();
    });
    const stamp = () => exportStamp(shown.summary, shown);
    $('export-json').addEventListener('click', () =>
      download(new Blob([summaryJson(shown.summary, stamp())], { type: 'application/json' }), 'chorus-summary.json'));
    // The hours too when the charts show hours (asked of the worker already).
    $('export-csv').addEventListener('click', async () => {
      const hours = chartUnit(shown.summary, false) === 'hour' ? await hourly(shown.summary).catch(() => null) : null;
      download(zipFiles(summaryTables(shown.summary, stamp(), hours)), 'chorus-tables.zip');
    });
    const chartSvg = (id, title) => standaloneSvg($(id).querySelector('svg'), title);
    $('export-timeline-svg').addEventListener('click', () =>
      download(new Blob([chartSvg('timeline', $('timeline-title').textContent)], { type: 'image/svg+xml' }), 'chorus-timeline.svg'));
    $('export-timeline-png').addEventListener('click', async () =>
      download(await svgToPng(chartSvg('timeline', $('timeline-title').textContent)), 'chorus-timeline.png'));
    $('export-heatmap-svg').addEventListener('click', () =>
      download(new Blob([chartSvg('heatmap', $('heatmap-title').textContent)], { type: 'image/svg+xml' }), 'chorus-hours.svg'));
    $('export-heatmap-png').addEventListener('click', async () =>
      download(await svgToPng(chartSvg('heatmap', $('heatmap-title').textContent)), 'chorus-hours.png'));
    $('export-terms-svg').addEventListener('click', () =>
      download(new Blob([chartSvg('terms-chart', $('terms-title').textContent)], { type: 'image/svg+xml' }), 'chorus-terms.svg'));
    $('export-terms-png').addEventListener('click', async () =>
      download(await svgToPng(chartSvg('terms-chart', $('terms-title').textContent)), 'chorus-terms.png'));
    $('terms-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const typed = $('terms-input').value.split(',').map((t) => t.trim()).filter(Boolean);
      const previous = terms;
      terms = typed;  // an empty box counts no terms
      termsChosen = true;
      const rerun = readAgain();
      const mine = generation;
      // Terms that could not be counted give way to the last ones; replaced by newer files, they are theirs.
      rerun.then((ok) => { if (!ok && generation === mine) terms = previous; });
    });
    try {
      const { formats } = await client.ready();  // the module and any helper workers, loaded before the page says it is ready
      renderFormats(formats);
    } catch (error) {
      showNotice('error', t('notice.startFailed'), error.message);
      return;
    }
    if (!config.src) {
      // Without a dataset the element starts empty, showing how to get an export.
      $('help').hidden = false;
      host.dataset.state = 'ready';
      emit('chorus-ready', {});
      return;
    }
    await analyzeSource();
    // Everything the element needs is loaded now; tests wait for this before checking for requests.
    host.dataset.state = 'ready';
    emit('chorus-ready', {});
  }

  /** The dataset of `src` (the page's sample, or a collection the host publishes: one URL or several, separated
   * by spaces), fetched once, with its progress shown, so that counting new terms or another time zone needs no
   * request. */
  let sourceItems = null;
  const SOURCE_PART_BYTES = 8 << 20;
  const SOURCE_READ_BYTES = 1 << 20;
  let sourceFetch = null;  // aborts the download: Cancel, or files chosen meanwhile

  /** The chunks of a byte stream, each valid until the next: read into one reused buffer where the stream allows
   * it (a fetch body does), else as the stream gives them. */
  async function* byteChunks(stream) {
    let reader;
    try {
      reader = stream.getReader({ mode: 'byob' });
    } catch {
      for (const plain = stream.getReader(); ;) {
        const { done, value } = await plain.read();
        if (done) return;
        yield value;
      }
    }
    let buffer = new ArrayBuffer(SOURCE_READ_BYTES);
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer));
      if (done) return;
      yield value;
      buffer = value.buffer;
    }
  }

  async function fetchSource(report) {
    const urls = config.src.trim().split(/\s+/).map((src) => new URL(src, document.baseURI));
    sourceFetch = new AbortController();
    const items = [];
    let done = 0;
    for (const url of urls) {
      const name = decodeURIComponent(url.pathname.split('/').pop() || 'dataset');
      const response = await fetch(url, { signal: sourceFetch.signal });
      if (!response.ok) throw Object.assign(new Error(`${name} could not be loaded (HTTP ${response.status})`), { code: 'source' });
      const total = urls.length === 1 ? Number(response.headers.get('content-length')) || null : null;
      // The download is read into one reused buffer and copied into Blobs, joined every SOURCE_PART_BYTES: the
      // browser keeps a Blob's bytes outside the page's memory (on disk when large) and the page makes no garbage
      // per chunk, so a dataset of gigabytes leaves the page's memory flat.
      let parts = [];
      let pending = [];
      let pendingBytes = 0;
      const chunks = byteChunks(response.body);
      for await (const value of chunks) {
        pending.push(new Blob([value]));
        pendingBytes += value.byteLength;
        if (pendingBytes >= SOURCE_PART_BYTES) {
          parts = [new Blob([...parts, ...pending])];
          pending = [];
          pendingBytes = 0;
        }
        done += value.byteLength;
        report({ bytesDone: done, bytesTotal: total, fileName: t('progress.downloading', { name }) });
      }
      items.push({ file: new File([...parts, ...pending], name), path: name });
    }
    sourceFetch = null;
    return items;
  }

  let loadingSource = false;  // the dataset is loading, and files the user chooses replace it

  async function analyzeSource({ keepFilters = false } = {}) {
    const mine = analysisStarts();
    reading = null;
    setBusy(true, { source: true });
    loadingSource = true;
    const report = progressReporter();
    try {
      sourceItems ??= await fetchSource(report);
      const summary = await client.analyzeFiles(sourceItems, report, { queries: terms, timeZone });
      lastItems = null;
      held = true;
      if (!keepFilters) clearFilters();
      renderColumns({});
      const label = config.sample ? t('source.sample', { names: sourceItems.map((item) => item.path).join(', ') }) : describeItems(sourceItems);
      await renderSummary(summary, { sample: config.sample, label });
      return true;
    } catch (error) {
      if (!loadingSource || mine !== generation) return false;  // replaced: the newer analysis says what happens
      if (error.name === 'AbortError' || error.code === 'cancelled') {
        if (!shown) $('help').hidden = false;
        showNotice('info', t('notice.cancelled'), t(config.sample ? 'notice.cancelledSample' : 'notice.cancelledSource'));
      } else {
        if (error.code === 'bad_query') showTermsError(error.message);
        else showNotice('error', t('notice.sourceFailed'), error.message);
      }
      return false;
    } finally {
      analyzing -= 1;
      if (mine === generation) {
        sourceFetch = null;
        if (loadingSource) setBusy(false);
        loadingSource = false;
      }
    }
  }

  start();
  return {
    analyze: (items) => analyzeFiles(items),
    setLanguage,
    destroy: () => client.terminate(),
  };
}
