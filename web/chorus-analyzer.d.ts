// Types for <chorus-analyzer> (chorus-analyzer.js): its attributes, its method and its events. See docs/embed.md.

/** Counts per kind of post. */
export interface ChorusTotals { posts: number; original: number; reply: number; repost: number; quote: number }

/** A day's (or an hour's) counts on the timeline. */
export interface ChorusBucket { start: string; posts: number; original: number; reply: number; repost: number; quote: number }

/** What `chorus-summary` carries: aggregates only, never a post's text or a file's name. */
export interface ChorusSummaryDetail {
  totals: ChorusTotals;
  likes: number;
  dateRange: { first: string | null; last: string | null };
  distinct: Record<string, number>;
  weekHours: { time_zone: string; rows: number[][] };
  top: Record<'hashtags' | 'mentions' | 'reply_targets' | 'domains' | 'languages' | 'clients' | 'authors', { label: string; count: number }[]>;
  timeline: { timeZone: string; buckets: ChorusBucket[] };
  queries: { term: string; total: number; buckets: { start: string; count: number }[] }[];
  platforms: { key: string; name: string; posts: number; original: number; reply: number; repost: number; quote: number; likes: number }[];
  files: number;
  problems: number;
}

export interface ChorusAnalyzerEventMap extends HTMLElementEventMap {
  'chorus-ready': CustomEvent<Record<string, never>>;
  'chorus-progress': CustomEvent<{ bytesDone: number; bytesTotal: number | null }>;
  'chorus-summary': CustomEvent<ChorusSummaryDetail>;
  'chorus-language': CustomEvent<{ lang: 'en' | 'es' | 'fr' }>;
}

/** The element's attributes, read when it is attached. */
export interface ChorusAnalyzerAttributes {
  /** A dataset on the host's site, in any format Chorus reads, fetched at start. */
  src?: string;
  /** `src` is a sample: the notice says so. */
  sample?: boolean | '';
  /** Terms to count, separated by commas: "#MeToo, me too". */
  terms?: string;
  /** An IANA time zone for days and hours: "Europe/Paris". */
  'time-zone'?: string;
  unit?: 'auto' | 'hour' | 'day' | 'week' | 'month';
  /** The interface's language: en, es or fr (default: the browser's). */
  lang?: string;
  theme?: 'light' | 'dark' | 'auto';
  /** Parts to show, separated by spaces: intake counts filters exports timeline terms voices heatmap top quality. */
  panels?: string;
  /** Extra workers for parts of large files. */
  helpers?: number | string;
  /** "off" loads the build without wasm SIMD128. */
  simd?: 'off';
}

export declare class ChorusAnalyzer extends HTMLElement {
  /** Analyzes files as if they were dropped on the element; resolves true when they were read. Files being read
   * when it is called are replaced: that earlier call resolves false. */
  analyze(files: Iterable<File | { file: File; path: string }>): Promise<boolean>;
  addEventListener<K extends keyof ChorusAnalyzerEventMap>(type: K, listener: (this: ChorusAnalyzer, event: ChorusAnalyzerEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap { 'chorus-analyzer': ChorusAnalyzer }
}
