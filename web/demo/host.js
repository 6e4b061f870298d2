// The host listens to the element's events: aggregates only (counts, timelines, terms), never a post's text.
const line = document.getElementById('host-line');
document.getElementById('compact').addEventListener('chorus-summary', (event) => {
  const { totals, queries } = event.detail;
  line.textContent = `The host was told: ${totals.posts} posts, ${queries.map((q) => `${q.term} ${q.total}`).join(', ')}.`;
});
