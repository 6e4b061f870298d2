// What a researcher would otherwise do in a browser with a JSON Lines collection: stream the file as text,
// split it into lines, JSON.parse each, and count. twarc2 pages (data + includes) and one-tweet lines alike;
// authors are looked up in the page's includes. The same tables as Chorus: kinds, days, hashtags,
// mentions, domains, languages, clients, authors, distinct posts.
const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

self.onmessage = async (event) => {
  const kinds = { original: 0, reply: 0, repost: 0, quote: 0 };
  const days = new Map();
  const hashtags = new Map();
  const mentions = new Map();
  const domains = new Map();
  const langs = new Map();
  const clients = new Map();
  const authors = new Map();
  const seen = new Set();
  let posts = 0;
  const tweet = (t, users) => {
    if (seen.has(t.id)) return;
    seen.add(t.id);
    posts += 1;
    const types = (t.referenced_tweets ?? []).map((r) => r.type);
    const kind = types.includes('retweeted') ? 'repost' : types.includes('replied_to') ? 'reply' : types.includes('quoted') ? 'quote' : 'original';
    kinds[kind] += 1;
    count(days, t.created_at.slice(0, 10));
    for (const h of new Set((t.entities?.hashtags ?? []).map((x) => x.tag.toLowerCase()))) count(hashtags, h);
    for (const m of new Set((t.entities?.mentions ?? []).map((x) => x.username.toLowerCase()))) count(mentions, m);
    for (const u of t.entities?.urls ?? []) {
      try { count(domains, new URL(u.expanded_url).hostname.replace(/^www\./, '')); } catch { /* not a URL */ }
    }
    if (t.lang) count(langs, t.lang);
    if (t.source) count(clients, t.source);
    const author = t.author?.username ?? users.get(t.author_id);
    if (author) count(authors, author.toLowerCase());
  };
  const line = (text) => {
    if (!text.trim()) return;
    let doc;
    try { doc = JSON.parse(text); } catch { return; }
    if (doc.data) {
      const users = new Map((doc.includes?.users ?? []).map((u) => [u.id, u.username]));
      for (const t of Array.isArray(doc.data) ? doc.data : [doc.data]) tweet(t, users);
    } else if (doc.text) {
      tweet(doc, new Map());
    }
  };
  let rest = '';
  const reader = event.data.file.stream().pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const lines = (rest + value).split('\n');
    rest = lines.pop();
    for (const text of lines) line(text);
  }
  line(rest);
  postMessage({ posts, hashtags: Math.min(25, hashtags.size), days: days.size, authors: authors.size });
};
