// What a chart says, for those who cannot see it: a one-sentence summary under it (also read out with the
// chart), and its numbers as a table, built only when opened (a daily chart can have thousands of rows).

import { el } from './dom.js';

/**
 * Gives the chart in `container` its sentence and its table. `table()` returns {columns: [...], rows: [[...]]},
 * called when the reader opens the table. The summary and the table follow the container; the chart's SVG is
 * described by the sentence. `toggle` names the table's switch.
 */
export function describeChart(container, sentence, table, { toggle = 'Show the numbers as a table' } = {}) {
  const id = `${container.id}-summary`;
  let summary = container.parentNode.querySelector(`#${id}`);
  let details = summary?.nextElementSibling;
  if (!summary) {
    summary = el('p', 'chart-summary');
    summary.id = id;
    details = el('details', 'chart-table');
    details.append(el('summary'));
    container.after(summary, details);
  }
  details.querySelector('summary').textContent = toggle;
  summary.textContent = sentence;
  // The chart is named by its panel's heading (in the interface's language) and described by the sentence.
  const svg = container.querySelector('svg');
  const heading = container.closest('section, div:not(.timeline)')?.querySelector('h2, h3');
  if (svg && heading) svg.setAttribute('aria-label', heading.textContent);
  svg?.setAttribute('aria-describedby', id);
  details.open = false;
  details.querySelector('.table-wrap')?.remove();
  const build = () => {
    if (!details.open || details.querySelector('.table-wrap')) return;
    const { columns, rows } = table();
    const wrap = el('div', 'table-wrap');
    wrap.tabIndex = 0;  // a wide table scrolls with the keyboard too
    const t = el('table');
    const head = el('tr');
    head.append(...columns.map((c) => {
      const th = el('th', null, c);
      th.scope = 'col';
      return th;
    }));
    t.createTHead().append(head);
    const body = t.createTBody();
    for (const row of rows) {
      const tr = el('tr');
      row.forEach((cell, i) => {
        const td = el(i === 0 ? 'th' : 'td', null, cell);
        if (i === 0) td.scope = 'row';
        tr.append(td);
      });
      body.append(tr);
    }
    wrap.append(t);
    details.append(wrap);
  };
  details.ontoggle = build;
}
