// The charts' time axis: where its labels go and what they say, for spans of hours, days, months and years.
// (The drawing itself is checked in the page: tests/e2e.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartRows, dateTicks } from '../../web/page/timeline-chart.js';

const DAY = Date.UTC(2017, 9, 15) / 86400000;  // 2017-10-15, as the charts count days
const at = (day, hour = 0) => day + hour / 24;
const hoursOf = (ticks) => ticks.map((t) => Math.round((t.day - DAY) * 24));

test('an hourly chart of the seed thread: dates at midnight, hours between, never a date off its midnight', () => {
  // 2017-10-15 20:00 to 2017-10-17 11:00 (the last bucket's start), as the seed thread's collection spans.
  const ticks = dateTicks(at(DAY, 20), at(DAY + 2, 11));
  assert.deepEqual(ticks.map((t) => t.label), ['Oct 16', '6:00', '12:00', '18:00', 'Oct 17', '6:00']);
  assert.deepEqual(hoursOf(ticks), [24, 30, 36, 42, 48, 54]);
  for (const tick of ticks.filter((t) => /^Oct/.test(t.label))) assert.equal(tick.day, Math.round(tick.day));
});

test('a chart that starts after midnight names the day of its first label; finer steps on a shorter span', () => {
  const ticks = dateTicks(at(DAY, 1), at(DAY + 1));
  assert.equal(ticks[0].label, 'Oct 15 3:00');
  assert.deepEqual(hoursOf(ticks), [3, 6, 9, 12, 15, 18, 21, 24]);
  assert.equal(ticks.at(-1).label, 'Oct 16');
  // Four days: every 12 hours.
  assert.deepEqual(hoursOf(dateTicks(at(DAY), at(DAY + 4))), [0, 12, 24, 36, 48, 60, 72, 84, 96]);
});

test('a narrow chart (a phone) gets fewer hours, never hours without their dates', () => {
  // The seed thread's 39 hours with room for 5 labels: every 12 hours, midnights named.
  const ticks = dateTicks(at(DAY, 20), at(DAY + 2, 11), 'en', 5);
  assert.deepEqual(ticks.map((t) => t.label), ['Oct 16', '12:00', 'Oct 17']);
  // Room for 3: the midnights alone.
  assert.deepEqual(dateTicks(at(DAY, 20), at(DAY + 2, 11), 'en', 3).map((t) => t.label), ['Oct 16', 'Oct 17']);
});

test('a week drawn per hour is labelled at midnights; days, months and years as before', () => {
  const week = dateTicks(at(DAY, 20), at(DAY + 6, 11));
  assert.deepEqual(week.map((t) => t.label), ['Oct 16', 'Oct 17', 'Oct 18', 'Oct 19', 'Oct 20', 'Oct 21']);
  const month = dateTicks(DAY, DAY + 30);
  assert.equal(month[0].label, 'Oct 15');
  assert.equal(month[1].day - month[0].day, 4);
  assert.deepEqual(dateTicks(DAY, DAY + 200).map((t) => t.label).slice(0, 3), ['Nov 2017', 'Dec', 'Jan 2018']);
  assert.deepEqual(dateTicks(DAY, DAY + 2000).map((t) => t.label), ['2018', '2019', '2020', '2021', '2022', '2023']);
});

test('the table behind an hourly chart: a row per hour from the first to the last, hours without posts at 0', () => {
  const buckets = [{ start: '2017-10-15T20', posts: 3 }, { start: '2017-10-15T23', posts: 2 }];
  const { unit, rows } = chartRows(buckets, 'hour', [{ name: 'posts', buckets, value: (b) => b.posts }]);
  assert.equal(unit, 'hour');
  assert.deepEqual(rows.map((r) => [r.label, r.values[0]]),
    [['2017-10-15 20:00', 3], ['2017-10-15 21:00', 0], ['2017-10-15 22:00', 0], ['2017-10-15 23:00', 2]]);
});
