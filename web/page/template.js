// The analyzer's markup, put into each <chorus-analyzer>'s shadow root. Static: everything from a file is
// added later as text nodes, never as markup.
export const TEMPLATE = `
<section class="intake" aria-label="Choose a file">
  <div id="drop-zone" class="drop-zone">
    <p class="drop-title"><span class="when-drag">Drop your exports here, as downloaded: one or several at once</span><span class="when-touch">Choose your exports, as downloaded: one or several at once</span></p>
    <p class="drop-or when-drag">or</p>
    <div class="drop-buttons">
      <label class="button primary">
        Choose files
        <input id="file-input" type="file" multiple accept=".zip,.js,.json,.jsonl,.ndjson,.csv,.tar,.gz,.tgz,.car,application/vnd.ipld.car,text/csv,application/zip,application/javascript,application/json,application/gzip,application/x-tar">
      </label>
      <label class="button when-drag">
        Choose folder
        <input id="folder-input" type="file" webkitdirectory>
      </label>
    </div>
    <p class="drop-hint" id="drop-hint">Only the files that hold posts are opened: never your media or messages.</p>
    <details class="drop-formats">
      <summary>What Chorus reads</summary>
      <ul id="format-list"></ul>
    </details>
  </div>

  <div id="progress" class="progress" hidden>
    <div class="progress-text">
      <span id="progress-file">Reading...</span>
      <span id="progress-numbers"></span>
    </div>
    <div class="progress-row">
      <progress id="progress-bar" max="1" value="0" aria-label="Reading progress"></progress>
      <button id="cancel" class="button" type="button">Cancel</button>
    </div>
  </div>
</section>

<section id="notice" class="notice" role="status" hidden></section>

<section id="columns-panel" class="panel columns-panel" hidden aria-labelledby="columns-title">
  <h2 id="columns-title">Which columns hold what?</h2>
  <p id="columns-intro" class="columns-intro"></p>
  <form id="columns-form" class="columns-form">
    <div id="columns-fields" class="columns-fields"></div>
    <button class="button" type="submit">Analyze with these columns</button>
  </form>
  <div class="columns-preview-wrap"><table id="columns-preview" class="columns-preview"></table></div>
</section>

<section id="help" class="help" hidden>
  <div class="panel help-step">
    <span class="step">1</span>
    <h2>Get your archive</h2>
    <p>On X, open <b>Settings</b> &rsaquo; <b>Your account</b> &rsaquo; <b>Download an archive of your data</b>.
      X e-mails you a link to a ZIP file, usually within a day.</p>
  </div>
  <div class="panel help-step">
    <span class="step">2</span>
    <h2>Find your posts</h2>
    <p>Unzip it. Your posts are in <code>data/tweets.js</code> (large archives add <code>tweets-part1.js</code>, ...).
      Older archives have <code>data/js/tweets/2013_09.js</code> month files.</p>
  </div>
  <div class="panel help-step">
    <span class="step">3</span>
    <h2>Drop them here</h2>
    <p>Chorus counts posts, replies, reposts and quotes, draws your timeline and lists hashtags and mentions.
      The file never leaves this computer.</p>
  </div>
</section>

<p id="announce" class="visually-hidden" role="status"></p>

<section id="results" class="results" hidden>
  <div class="source-row">
    <p id="source-line" class="source-line"></p>
    <p id="private-line" class="private-line" hidden><span id="private-text"></span>
      <button class="button small" type="button" id="private-toggle"></button></p>
    <div class="export-buttons" role="group" aria-label="Export">
      <span>Export</span>
      <button class="button small" type="button" id="export-json">Summary (JSON)</button>
      <button class="button small" type="button" id="export-csv">Tables (CSV)</button>
      <button class="button small" type="button" id="export-timeline-svg">Chart (SVG)</button>
      <button class="button small" type="button" id="export-timeline-png">Chart (PNG)</button>
      <button class="button small" type="button" id="export-terms-svg">Terms chart (SVG)</button>
      <button class="button small" type="button" id="export-terms-png">Terms chart (PNG)</button>
    </div>
  </div>

  <form id="filter-form" class="filter-bar" aria-label="Filters">
    <span class="filter-label">Show</span>
    <label>from <input id="filter-from" type="date"></label>
    <label>to <input id="filter-to" type="date"></label>
    <label><input type="checkbox" name="kind" value="0" checked> originals</label>
    <label><input type="checkbox" name="kind" value="1" checked> replies</label>
    <label><input type="checkbox" name="kind" value="2" checked> reposts</label>
    <label><input type="checkbox" name="kind" value="3" checked> quotes</label>
    <span id="filter-platforms" class="filter-platforms" role="group" aria-label="Platforms" hidden></span>
    <button class="button small" type="button" id="filter-reset">All posts</button>
  </form>

  <div class="cards">
    <div class="card total"><span class="card-value" id="stat-posts">0</span><span class="card-label">posts</span></div>
    <div class="card kind-original"><span class="card-value" id="stat-original">0</span><span class="card-label">originals</span></div>
    <div class="card kind-reply"><span class="card-value" id="stat-reply">0</span><span class="card-label">replies</span></div>
    <div class="card kind-repost"><span class="card-value" id="stat-repost">0</span><span class="card-label">reposts</span></div>
    <div class="card kind-quote"><span class="card-value" id="stat-quote">0</span><span class="card-label">quotes</span></div>
    <div class="card dates"><span class="card-value small" id="stat-range">&ndash;</span><span class="card-label" id="stat-range-label">first and last post</span></div>
  </div>
  <ul id="platforms-line" class="platforms-line" aria-label="Posts per platform" hidden></ul>

  <section class="panel timeline-panel" id="timeline-panel">
    <div class="panel-head">
      <h2 id="timeline-title">Posts per day</h2>
      <label class="zone-form">Per
        <select id="unit-select">
          <option value="auto">automatic (days, weeks for long spans)</option>
          <option value="hour">hour</option>
          <option value="day">day</option>
          <option value="week">ISO week</option>
          <option value="month">month</option>
        </select>
      </label>
      <form id="zone-form" class="zone-form">
        <label for="zone-input">Time zone</label>
        <input id="zone-input" type="text" list="zone-list" autocomplete="off" spellcheck="false" aria-describedby="zone-error">
        <datalist id="zone-list"></datalist>
        <span id="zone-error" class="field-error" role="alert"></span>
      </form>
      <ul class="legend" id="timeline-legend" aria-label="Legend">
        <li class="kind-original">originals</li>
        <li class="kind-reply">replies</li>
        <li class="kind-repost">reposts</li>
        <li class="kind-quote">quotes</li>
      </ul>
    </div>
    <div id="timeline" class="timeline"></div>
  </section>

  <section class="panel terms-panel" id="terms-panel">
    <div class="panel-head">
      <h2 id="terms-title">Terms over time</h2>
      <form id="terms-form" class="terms-form">
        <label for="terms-input" class="visually-hidden">Terms to count</label>
        <input id="terms-input" type="text" autocomplete="off" spellcheck="false"
               placeholder="#MeToo, me too, @handle, #BalanceTonPorc">
        <button class="button" type="submit">Count</button>
      </form>
    </div>
    <p id="terms-error" class="field-error" role="alert"></p>
    <p id="terms-offer" class="terms-offer" hidden></p>
    <p class="terms-hint">Separate terms with commas. <code>#tag</code> counts a hashtag in any letter case
      (<code>#tag*</code> also counts longer hashtags), <code>@handle</code> a mention, anything else a phrase,
      whatever its case, punctuation or spacing.</p>
    <ul id="terms-legend" class="terms-legend"></ul>
    <div id="terms-chart" class="timeline"></div>
  </section>

  <section id="voices-panel" class="panel voices-panel" hidden>
    <div class="panel-head">
      <h2>Voices</h2>
      <p id="voices-line" class="voices-line"></p>
    </div>
    <div class="voices-grid">
      <div>
        <h3 id="new-authors-title">New authors per day</h3>
        <div id="new-authors-chart" class="timeline small-chart"></div>
      </div>
      <div>
        <h3 id="kinds-share-title">Originals, replies, reposts and quotes, as a share of each day</h3>
        <ul class="legend" aria-label="Legend">
          <li class="kind-original">originals</li>
          <li class="kind-reply">replies</li>
          <li class="kind-repost">reposts</li>
          <li class="kind-quote">quotes</li>
        </ul>
        <div id="kinds-share-chart" class="timeline small-chart"></div>
      </div>
      <div>
        <h3 id="languages-title">Languages over time</h3>
        <ul id="languages-legend" class="terms-legend"></ul>
        <div id="languages-chart" class="timeline small-chart"></div>
      </div>
    </div>
  </section>

  <section id="matches-panel" class="panel matches-panel" hidden>
    <div class="panel-head">
      <h2 id="matches-title">Matching posts</h2>
      <button id="matches-close" class="button small" type="button">Close</button>
    </div>
    <p class="terms-hint">Shown here to read, from your file: never exported, never sent anywhere. Links are shown as text, not opened.</p>
    <div id="matches-list" class="matches-list" tabindex="0"><div id="matches-spacer" class="matches-spacer"></div></div>
  </section>

  <section class="panel heatmap-panel">
    <div class="panel-head">
      <h2 id="heatmap-title">When posts were written</h2>
      <div class="export-buttons">
        <button class="button small" type="button" id="export-heatmap-svg">Hours chart (SVG)</button>
        <button class="button small" type="button" id="export-heatmap-png">Hours chart (PNG)</button>
      </div>
    </div>
    <div id="heatmap" class="heatmap"></div>
  </section>

  <div class="top-grid">
    <section class="panel"><h2>Top hashtags</h2><ol id="top-hashtags" class="top-list"></ol></section>
    <section class="panel"><h2>Top mentions</h2><ol id="top-mentions" class="top-list"></ol></section>
    <section class="panel"><h2>Most replied to</h2><ol id="top-reply_targets" class="top-list"></ol></section>
    <section class="panel"><h2>Linked sites</h2><ol id="top-domains" class="top-list"></ol></section>
    <section class="panel"><h2>Languages</h2><ol id="top-languages" class="top-list"></ol></section>
    <section class="panel"><h2>Posted with</h2><ol id="top-clients" class="top-list"></ol></section>
    <section class="panel" id="authors-panel" hidden><h2>Authors</h2><ol id="top-authors" class="top-list"></ol></section>
  </div>

  <section id="problems-panel" class="panel problems-panel">
    <h2>Data quality</h2>
    <p id="problems-summary"></p>
    <ul id="problems" class="problems"></ul>
    <details id="files-read" class="files-read">
      <summary id="files-read-summary">Files read</summary>
      <ul id="files-read-list"></ul>
    </details>
  </section>
</section>
`;
