/**
 * The scheduler's decisions as tables, folded under the diagram: per attempt, one row per node
 * with each filter plugin's verdict, then the score table of the nodes that passed.
 */
import type { SchedulingAttempt } from '../../../playground/trace/scheduler-decisions';
import { h, visuallyHidden } from './dom';
import { formatVirtualTime, plural } from './format';

function attemptHeading(attempt: SchedulingAttempt): string {
  const when = `at ${formatVirtualTime(attempt.t)}`;
  const which = attempt.attempt && attempt.attempt > 1 ? `, attempt ${attempt.attempt}` : '';
  if (attempt.outcome === 'scheduled') return `${attempt.pod} → ${attempt.selected} (${when}${which})`;
  return `${attempt.pod}: not scheduled (${when}${which})`;
}

function filterTable(attempt: SchedulingAttempt): HTMLElement {
  return h(
    'table',
    { class: 'step-table' },
    h('caption', {}, 'Filter plugins, in the order they ran'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Node'), ...attempt.filterPlugins.map((plugin) => h('th', { scope: 'col' }, plugin)))),
    h(
      'tbody',
      {},
      ...attempt.nodes.map((node) =>
        h(
          'tr',
          { class: node.selected ? 'selected' : node.feasible ? undefined : 'rejected' },
          h('th', { scope: 'row' }, node.node, node.selected ? h('span', { class: 'step-badge' }, 'chosen') : null),
          ...node.filters.map((verdict) =>
            verdict.verdict === 'passed'
              ? h('td', { class: 'pass' }, h('span', { 'aria-hidden': 'true' }, '✓ '), 'passed')
              : verdict.verdict === 'failed'
                ? h('td', { class: 'fail' }, h('span', { 'aria-hidden': 'true' }, '✗ '), visuallyHidden('failed: '), verdict.reason ?? 'failed')
                : h('td', { class: 'skipped' }, 'not run'),
          ),
        ),
      ),
    ),
  );
}

function scoreTable(attempt: SchedulingAttempt): HTMLElement | null {
  const scored = attempt.nodes.filter((node) => node.scores.length > 0);
  if (scored.length === 0) {
    const feasible = attempt.nodes.filter((node) => node.feasible).length;
    return feasible === 1 ? h('p', { class: 'step-empty' }, 'Only one node passed the filters, so there was nothing to score.') : null;
  }
  const header = attempt.scorePlugins.map((plugin) =>
    h('th', { scope: 'col' }, plugin, attempt.weights[plugin] !== undefined ? h('span', { class: 'step-weight' }, ` ×${attempt.weights[plugin]}`) : null),
  );
  return h(
    'table',
    { class: 'step-table' },
    h('caption', {}, 'Scores: normalized 0–100 (raw), times the plugin weight'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Node'), ...header, h('th', { scope: 'col' }, 'Total'))),
    h(
      'tbody',
      {},
      ...scored.map((node) =>
        h(
          'tr',
          { class: node.selected ? 'selected' : undefined },
          h('th', { scope: 'row' }, node.node, node.selected ? h('span', { class: 'step-badge' }, 'chosen') : null),
          ...attempt.scorePlugins.map((plugin) => {
            const score = node.scores.find((s) => s.plugin === plugin);
            return score
              ? h('td', { class: 'num' }, `${score.normalized} `, h('span', { class: 'step-raw' }, `(${score.raw})`), ` → ${score.weighted}`)
              : h('td', { class: 'skipped' }, '—');
          }),
          h('td', { class: 'num' }, h('strong', {}, node.total ?? '—')),
        ),
      ),
    ),
  );
}

/** schedulerDecisions is the disclosure with every attempt's filter and score tables. */
export function schedulerDecisions(attempts: SchedulingAttempt[]): HTMLElement {
  const details = h('details', { class: 'step-scheduler' }, h('summary', {}, `Scheduler decisions: ${plural(attempts.length, 'attempt')}`));
  for (const attempt of attempts) {
    const block = h('div', { class: 'step-attempt' }, h('h5', {}, attemptHeading(attempt)));
    if (attempt.message) block.append(h('p', { class: 'step-attempt-message' }, attempt.message));
    if (attempt.nodes.length) block.append(h('div', { class: 'step-scroll', tabindex: 0, role: 'region', 'aria-label': `Filters for ${attempt.pod}` }, filterTable(attempt)));
    const scores = scoreTable(attempt);
    if (scores) block.append(scores.tagName === 'TABLE' ? h('div', { class: 'step-scroll', tabindex: 0, role: 'region', 'aria-label': `Scores for ${attempt.pod}` }, scores) : scores);
    details.append(block);
  }
  return details;
}
