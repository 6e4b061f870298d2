// <chorus-analyzer>: Chorus as one element, for this site's page and for any other. One script tag and the
// element; its worker and wasm files are found beside this module (import.meta.url), its markup and styles
// live in its shadow root, so the host's styles do not reach in and its own do not leak out.
//
//   <script type="module" src="/chorus/chorus-analyzer.js"></script>
//   <chorus-analyzer terms="#MeToo, me too" panels="counts timeline"></chorus-analyzer>
//
// Attributes (read when the element is attached; see docs/embed.md):
//   src        a dataset to analyze at start (any format Chorus reads; several URLs separated by spaces are one
//              collection), fetched with progress
//   sample     src is a sample: the notice says so
//   terms      terms counted, separated by commas (default: the example terms)
//   time-zone  an IANA time zone for days and hours (default: the browser's)
//   unit       auto, hour, day, week or month
//   lang       the locale of numbers (default: en)
//   theme      light, dark or auto (default: the visitor's preference)
//   panels     which parts to show, separated by spaces (default: all): intake counts timeline terms voices
//              heatmap top quality exports filters
//   helpers    extra workers for parts of large files; simd="off" loads the build without wasm SIMD128
// Events (bubbling, composed; aggregates only, never a post's text or a file's name):
//   chorus-ready, chorus-progress {bytesDone, bytesTotal}, chorus-summary (counts, timelines, terms, top lists)
import { mountAnalyzer } from './page/analyzer.js';
import { TEMPLATE } from './page/template.js';

/** Each panel name and the parts of the template it shows. */
const PANELS = {
  intake: ['.intake', '#help'],
  counts: ['.cards', '#platforms-line', '.source-row'],
  filters: ['#filter-form'],
  exports: ['.export-buttons'],
  timeline: ['.timeline-panel'],
  terms: ['.terms-panel', '#matches-panel'],
  voices: ['#voices-panel'],
  heatmap: ['.heatmap-panel'],
  top: ['.top-grid'],
  quality: ['#problems-panel'],
};

export class ChorusAnalyzer extends HTMLElement {
  #analyzer = null;

  connectedCallback() {
    if (this.#analyzer) return;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const styles = document.createElement('link');
    styles.rel = 'stylesheet';
    styles.href = new URL('analyzer.css', import.meta.url).href;
    const frame = document.createElement('div');
    frame.className = 'analyzer';
    frame.setAttribute('part', 'analyzer');
    frame.innerHTML = TEMPLATE;  // static markup of this module, no data in it
    root.replaceChildren(styles, frame);
    this.#showPanels(root);
    const helpers = this.getAttribute('helpers');
    this.#analyzer = mountAnalyzer(this, root, {
      src: this.getAttribute('src'),
      sample: this.hasAttribute('sample'),
      terms: (this.getAttribute('terms') ?? '').split(',').map((t) => t.trim()).filter(Boolean),
      timeZone: this.getAttribute('time-zone'),
      unit: this.getAttribute('unit'),
      lang: this.getAttribute('lang'),
      helpers: helpers == null ? undefined : Number(helpers),
      simd: this.getAttribute('simd') !== 'off',
    });
  }

  disconnectedCallback() {
    // Moved within the page: the same analyzer goes on. Removed for good: its workers stop.
    queueMicrotask(() => {
      if (this.isConnected || !this.#analyzer) return;
      this.#analyzer.destroy();
      this.#analyzer = null;
    });
  }

  /** Analyzes files ([{file, path}] or File objects) as if they were dropped on the element. */
  analyze(files) {
    return this.#analyzer?.analyze([...files].map((f) => (f instanceof File ? { file: f, path: f.name } : f)));
  }

  /** Changes the interface's language (en, es, fr) without a reload. */
  setLanguage(lang) {
    return this.#analyzer?.setLanguage(lang);
  }

  #showPanels(root) {
    const wanted = this.getAttribute('panels')?.split(/[\s,]+/).filter(Boolean);
    for (const [panel, selectors] of Object.entries(PANELS)) {
      for (const node of root.querySelectorAll(selectors.join(','))) node.toggleAttribute('data-off', wanted ? !wanted.includes(panel) : false);
    }
  }
}

if (!customElements.get('chorus-analyzer')) customElements.define('chorus-analyzer', ChorusAnalyzer);
