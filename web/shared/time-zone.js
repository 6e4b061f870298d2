// A time zone's UTC offsets from the browser's Intl, as transitions for the wasm module: the core ships
// no zone database. Offsets are sampled daily from 2000 to 2040 and each change located to the minute.

const DAY = 86400000;
const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2040, 0, 1);
const cache = new Map();

/** The browser's own time zone, e.g. "Europe/Paris". */
export function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** True when Intl knows the zone. */
export function isTimeZone(name) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function offsetFinder(timeZone) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  });
  return (ms) => {
    const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
    const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    return Math.round((local - Math.floor(ms / 60000) * 60000) / 60000);
  };
}

/** "utcMs offsetMinutes ..." for the zone: the offset before 2000, then every change up to 2040. */
export function zoneTransitions(timeZone) {
  if (cache.has(timeZone)) return cache.get(timeZone);
  const offsetAt = offsetFinder(timeZone);
  const pairs = [[-8.64e15, offsetAt(FROM)]];
  let previous = pairs[0][1];
  for (let t = FROM + DAY; t <= TO; t += DAY) {
    const offset = offsetAt(t);
    if (offset === previous) continue;
    // The change happened in (t - DAY, t]: find its minute.
    let lo = t - DAY;
    let hi = t;
    while (hi - lo > 60000) {
      const mid = lo + Math.floor((hi - lo) / 120000) * 60000;
      if (offsetAt(mid) === previous) lo = mid; else hi = mid;
    }
    pairs.push([hi, offset]);
    previous = offset;
  }
  const text = pairs.map(([t, o]) => `${t} ${o}`).join(' ');
  cache.set(timeZone, text);
  return text;
}
