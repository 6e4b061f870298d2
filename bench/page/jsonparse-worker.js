// What existing in-browser tools do: read the whole file as text, strip the JS prefix, JSON.parse, loop.
// The same aggregation as Chorus: kinds, posts per day, hashtags, mentions, domains, languages, clients.
const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

self.onmessage = async (event) => {
  const text = await event.data.file.text();
  if (text.length === 0 && event.data.file.size > 0) {
    postMessage({ error: 'file.text() returned an empty string (the file is over the browser\'s string limit)' });
    return;
  }
  let records;
  try {
    records = JSON.parse(text.slice(text.indexOf('[')));
  } catch (error) {
    postMessage({ error: String(error) });
    return;
  }
  const kinds = { original: 0, reply: 0, repost: 0, quote: 0 };
  const days = new Map();
  const hashtags = new Map();
  const mentions = new Map();
  const domains = new Map();
  const langs = new Map();
  const clients = new Map();
  for (const record of records) {
    const t = record.tweet ?? record;
    const text = t.full_text ?? t.text ?? '';
    const urls = t.entities?.urls ?? [];
    let kind = 'original';
    if (text.startsWith('RT @')) kind = 'repost';
    else if (t.in_reply_to_status_id_str || t.in_reply_to_user_id_str) kind = 'reply';
    else if (urls.some((u) => /^https?:\/\/(www\.|mobile\.)?(twitter|x)\.com\/[^/]+\/status\/\d+/.test(u.expanded_url))) kind = 'quote';
    kinds[kind] += 1;
    count(days, new Date(t.created_at).toISOString().slice(0, 10));
    for (const h of new Set((t.entities?.hashtags ?? []).map((x) => x.text.toLowerCase()))) count(hashtags, h);
    for (const m of new Set((t.entities?.user_mentions ?? []).map((x) => x.screen_name.toLowerCase()))) count(mentions, m);
    for (const u of urls) {
      try { count(domains, new URL(u.expanded_url).hostname.replace(/^www\./, '')); } catch { /* not a URL */ }
    }
    if (t.lang) count(langs, t.lang);
    if (t.source) count(clients, t.source.replace(/<[^>]*>/g, ''));
  }
  const top = [...hashtags].sort((a, b) => b[1] - a[1]).slice(0, 25);
  postMessage({ posts: records.length, hashtags: top.length, days: days.size });
};
