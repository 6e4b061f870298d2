// The analyzer's markup, put into each <chorus-analyzer>'s shadow root. Static: everything from a file is
// added later as text nodes, never as markup.
export const TEMPLATE = `
<section class="intake" aria-label="Choose files to analyze" data-t-label="intake.label">
  <label class="language-box"><span data-t="language.label">Language</span>
    <select id="language-select"></select>
  </label>
  <div id="drop-zone" class="drop-zone">
    <p class="drop-title"><span class="when-drag" data-t="drop.title">Drop your exports here, as downloaded: one or several at once</span><span class="when-touch" data-t="drop.titleTouch">Choose your exports, as downloaded: one or several at once</span></p>
    <p class="drop-or when-drag" data-t="drop.or">or</p>
    <div class="drop-buttons">
      <label class="button primary">
        <span data-t="drop.files">Choose files</span>
        <input id="file-input" type="file" multiple accept=".zip,.js,.json,.jsonl,.ndjson,.csv,.tar,.gz,.tgz,.car,application/vnd.ipld.car,text/csv,application/zip,application/javascript,application/json,application/gzip,application/x-tar">
      </label>
      <label class="button when-drag">
        <span data-t="drop.folder">Choose folder</span>
        <input id="folder-input" type="file" webkitdirectory>
      </label>
    </div>
    <p class="drop-hint" id="drop-hint" data-t="drop.hint">Only the files that hold posts are opened: never your media or messages.</p>
    <details class="drop-formats">
      <summary data-t="drop.formats">What Chorus reads</summary>
      <ul id="format-list"></ul>
    </details>
  </div>

  <div id="progress" class="progress" hidden>
    <div class="progress-text">
      <span id="progress-file" data-t="progress.reading">Reading...</span>
      <span id="progress-numbers"></span>
    </div>
    <div class="progress-row">
      <progress id="progress-bar" max="1" value="0" aria-label="Reading progress" data-t-label="progress.label"></progress>
      <button id="cancel" class="button" type="button" data-t="cancel">Cancel</button>
    </div>
  </div>
</section>

<section id="notice" class="notice" role="status" hidden></section>

<section id="columns-panel" class="panel columns-panel" hidden aria-labelledby="columns-title">
  <h2 id="columns-title" data-t="columns.title">Which columns hold what?</h2>
  <p id="columns-intro" class="columns-intro"></p>
  <form id="columns-form" class="columns-form">
    <div id="columns-fields" class="columns-fields"></div>
    <button class="button" type="submit" data-t="columns.submit">Analyze with these columns</button>
  </form>
  <div class="columns-preview-wrap"><table id="columns-preview" class="columns-preview"></table></div>
</section>

<section id="help" class="help" hidden>
  <div class="panel help-step">
    <span class="step">1</span>
    <h2 data-t="help.1.title">Get your archive</h2>
    <p data-t-rich="help.1.text">On X, open <b>Settings</b> &rsaquo; <b>Your account</b> &rsaquo; <b>Download an archive of your data</b>.
      X e-mails you a link to a ZIP file, usually within a day.</p>
  </div>
  <div class="panel help-step">
    <span class="step">2</span>
    <h2 data-t="help.2.title">Find your posts</h2>
    <p data-t-rich="help.2.text">Unzip it. Your posts are in <code>data/tweets.js</code> (large archives add <code>tweets-part1.js</code>, ...).
      Older archives have <code>data/js/tweets/2013_09.js</code> month files.</p>
  </div>
  <div class="panel help-step">
    <span class="step">3</span>
    <h2 data-t="help.3.title">Drop them here</h2>
    <p data-t-rich="help.3.text">Chorus counts posts, replies, reposts and quotes, draws your timeline and lists hashtags and mentions.
      The file never leaves this computer.</p>
  </div>
</section>

<p id="announce" class="visually-hidden" role="status"></p>

<section id="results" class="results" hidden>
  <div class="source-row">
    <p id="source-line" class="source-line"></p>
    <p id="private-line" class="private-line" hidden><span id="private-text"></span>
      <button class="button small" type="button" id="private-toggle"></button></p>
    <div class="export-buttons" role="group" aria-label="Export" data-t-label="export.label">
      <span data-t="export.label">Export</span>
      <button class="button small" type="button" id="export-json" data-t="export.json">Summary (JSON)</button>
      <button class="button small" type="button" id="export-csv" data-t="export.csv">Tables (CSV)</button>
      <button class="button small" type="button" id="export-timeline-svg" data-t="export.chartSvg">Chart (SVG)</button>
      <button class="button small" type="button" id="export-timeline-png" data-t="export.chartPng">Chart (PNG)</button>
      <button class="button small" type="button" id="export-terms-svg" data-t="export.termsSvg">Terms chart (SVG)</button>
      <button class="button small" type="button" id="export-terms-png" data-t="export.termsPng">Terms chart (PNG)</button>
    </div>
  </div>

  <form id="filter-form" class="filter-bar" aria-label="Filters" data-t-label="filters.label">
    <span class="filter-label" data-t="filters.show">Show</span>
    <label><span data-t="filters.from">from</span> <input id="filter-from" type="date"></label>
    <label><span data-t="filters.to">to</span> <input id="filter-to" type="date"></label>
    <label><input type="checkbox" name="kind" value="0" checked> <span data-t="kind.original">originals</span></label>
    <label><input type="checkbox" name="kind" value="1" checked> <span data-t="kind.reply">replies</span></label>
    <label><input type="checkbox" name="kind" value="2" checked> <span data-t="kind.repost">reposts</span></label>
    <label><input type="checkbox" name="kind" value="3" checked> <span data-t="kind.quote">quotes</span></label>
    <span id="filter-platforms" class="filter-platforms" role="group" aria-label="Platforms" data-t-label="filters.platforms" hidden></span>
    <button class="button small" type="button" id="filter-reset" data-t="filters.reset">All posts</button>
  </form>

  <div class="cards">
    <div class="card total"><span class="card-value" id="stat-posts">0</span><span class="card-label" data-t="kind.posts">posts</span></div>
    <div class="card kind-original"><span class="card-value" id="stat-original">0</span><span class="card-label" data-t="kind.original">originals</span></div>
    <div class="card kind-reply"><span class="card-value" id="stat-reply">0</span><span class="card-label" data-t="kind.reply">replies</span></div>
    <div class="card kind-repost"><span class="card-value" id="stat-repost">0</span><span class="card-label" data-t="kind.repost">reposts</span></div>
    <div class="card kind-quote"><span class="card-value" id="stat-quote">0</span><span class="card-label" data-t="kind.quote">quotes</span></div>
    <div class="card dates"><span class="card-value small" id="stat-range">&ndash;</span><span class="card-label" id="stat-range-label" data-t="card.range">first and last post</span></div>
  </div>
  <ul id="platforms-line" class="platforms-line" aria-label="Posts per platform" data-t-label="platforms.label" hidden></ul>

  <section class="panel timeline-panel" id="timeline-panel">
    <div class="panel-head">
      <h2 id="timeline-title" data-t="timeline.titleStatic">Posts per day</h2>
      <label class="zone-form"><span data-t="unit.per">Per</span>
        <select id="unit-select" data-t-title="unit.autoHelp">
          <option value="auto" data-t="unit.auto">automatic</option>
          <option value="hour" data-t="unit.hour">hour</option>
          <option value="day" data-t="unit.day">day</option>
          <option value="week" data-t="unit.week">ISO week</option>
          <option value="month" data-t="unit.month">month</option>
        </select>
      </label>
      <form id="zone-form" class="zone-form">
        <label for="zone-input" data-t="zone.label">Time zone</label>
        <input id="zone-input" type="text" list="zone-list" autocomplete="off" spellcheck="false" aria-describedby="zone-error">
        <datalist id="zone-list"></datalist>
        <span id="zone-error" class="field-error" role="alert"></span>
      </form>
      <ul class="legend" id="timeline-legend" aria-label="Legend" data-t-label="legend">
        <li class="kind-original" data-t="kind.original">originals</li>
        <li class="kind-reply" data-t="kind.reply">replies</li>
        <li class="kind-repost" data-t="kind.repost">reposts</li>
        <li class="kind-quote" data-t="kind.quote">quotes</li>
      </ul>
    </div>
    <div id="timeline" class="timeline"></div>
  </section>

  <section class="panel terms-panel" id="terms-panel">
    <div class="panel-head">
      <h2 id="terms-title" data-t="terms.titleStatic">Terms over time</h2>
      <form id="terms-form" class="terms-form">
        <label for="terms-input" class="visually-hidden" data-t="terms.label">Terms to count</label>
        <input id="terms-input" type="text" autocomplete="off" spellcheck="false"
               placeholder="#MeToo, me too, @handle, #BalanceTonPorc">
        <button class="button" type="submit" data-t="terms.count">Count</button>
      </form>
    </div>
    <p id="terms-error" class="field-error" role="alert"></p>
    <p id="terms-offer" class="terms-offer" hidden></p>
    <p class="terms-hint" data-t-rich="terms.hint">Separate terms with commas. <code>#tag</code> counts a hashtag in any letter case
      (<code>#tag*</code> also counts longer hashtags), <code>@handle</code> a mention, anything else a phrase,
      whatever its case, punctuation or spacing.</p>
    <ul id="terms-legend" class="terms-legend"></ul>
    <div id="terms-chart" class="timeline"></div>
  </section>

  <section id="voices-panel" class="panel voices-panel" hidden>
    <div class="panel-head">
      <h2 data-t="voices.title">Voices</h2>
      <p id="voices-line" class="voices-line"></p>
    </div>
    <div class="voices-grid">
      <div>
        <h3 id="new-authors-title" data-t="voices.newAuthorsStatic">New authors per day</h3>
        <div id="new-authors-chart" class="timeline small-chart"></div>
      </div>
      <div>
        <h3 id="kinds-share-title" data-t="voices.kindsShareStatic">Originals, replies, reposts and quotes, as a share of each day</h3>
        <ul class="legend" aria-label="Legend" data-t-label="legend">
          <li class="kind-original" data-t="kind.original">originals</li>
          <li class="kind-reply" data-t="kind.reply">replies</li>
          <li class="kind-repost" data-t="kind.repost">reposts</li>
          <li class="kind-quote" data-t="kind.quote">quotes</li>
        </ul>
        <div id="kinds-share-chart" class="timeline small-chart"></div>
      </div>
      <div>
        <h3 id="languages-title" data-t="voices.languagesStatic">Languages over time</h3>
        <ul id="languages-legend" class="terms-legend"></ul>
        <div id="languages-chart" class="timeline small-chart"></div>
      </div>
    </div>
  </section>

  <section id="matches-panel" class="panel matches-panel" hidden>
    <div class="panel-head">
      <h2 id="matches-title" data-t="matches.titleStatic">Matching posts</h2>
      <button id="matches-close" class="button small" type="button" data-t="matches.close">Close</button>
    </div>
    <p class="terms-hint" data-t="matches.hint">Shown here to read, from your file: never exported, never sent anywhere. Links are shown as text, not opened.</p>
    <div id="matches-list" class="matches-list" tabindex="0"><div id="matches-spacer" class="matches-spacer"></div></div>
  </section>

  <section class="panel heatmap-panel">
    <div class="panel-head">
      <h2 id="heatmap-title" data-t="heatmap.titleStatic">When posts were written</h2>
      <div class="export-buttons">
        <button class="button small" type="button" id="export-heatmap-svg" data-t="export.hoursSvg">Hours chart (SVG)</button>
        <button class="button small" type="button" id="export-heatmap-png" data-t="export.hoursPng">Hours chart (PNG)</button>
      </div>
    </div>
    <div id="heatmap" class="heatmap"></div>
  </section>

  <div class="top-grid">
    <section class="panel"><h2 data-t="top.hashtags">Top hashtags</h2><ol id="top-hashtags" class="top-list"></ol></section>
    <section class="panel"><h2 data-t="top.mentions">Top mentions</h2><ol id="top-mentions" class="top-list"></ol></section>
    <section class="panel"><h2 data-t="top.reply_targets">Most replied to</h2><ol id="top-reply_targets" class="top-list"></ol></section>
    <section class="panel"><h2 data-t="top.domains">Linked sites</h2><ol id="top-domains" class="top-list"></ol></section>
    <section class="panel"><h2 data-t="top.languages">Languages</h2><ol id="top-languages" class="top-list"></ol></section>
    <section class="panel"><h2 data-t="top.clients">Posted with</h2><ol id="top-clients" class="top-list"></ol></section>
    <section class="panel" id="authors-panel" hidden><h2 data-t="top.authors">Authors</h2><ol id="top-authors" class="top-list"></ol></section>
  </div>

  <section id="problems-panel" class="panel problems-panel">
    <h2 data-t="quality.title">Data quality</h2>
    <p id="problems-summary"></p>
    <ul id="problems" class="problems"></ul>
    <details id="files-read" class="files-read">
      <summary id="files-read-summary" data-t="quality.filesRead">Files read</summary>
      <ul id="files-read-list"></ul>
    </details>
  </section>
</section>
`;
