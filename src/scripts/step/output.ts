/**
 * The output panel under a step: run summary, error (with a link to its line), exercise checks,
 * console, the sequence diagram with the scheduler's decisions, and the etcd keys. Built with
 * DOM calls only (no innerHTML), so nothing a run prints can inject markup.
 */
import type { SandboxErrorInfo } from '../../../playground/sandbox/errors';
import type { ConsoleLine, RunResult } from '../../../playground/sandbox/protocol';
import type { TraceEntry } from '../../../playground/cluster/sim/trace';
import { etcdKeyRows, changedKeys, type EtcdKeyRow } from '../../../playground/trace/etcd-keys';
import { storedValueYaml } from '../../../playground/sandbox/json-yaml';
import { schedulingAttempts } from '../../../playground/trace/scheduler-decisions';
import type { CheckResult } from './check';
import { mountSequenceDiagram } from './diagram';
import { h, visuallyHidden } from './dom';
import { errorTitle, formatDuration, formatVirtualTime, plural, positionLabel } from './format';
import { schedulerDecisions } from './scheduler-view';

/** OutputContext is what the panel needs to know about the page around the run. */
export interface OutputContext {
  /** Titles of steps 1..N, for messages such as "Error in Step 2 · Pods". */
  stepTitles: string[];
  /** Called by an error's position link: move that step's editor cursor there. */
  goToPosition(step: number, line: number, column: number): void;
  /** Verdicts of an exercise check run, when this run was a Check. */
  checkResults?: CheckResult[];
  /** Console lines to show (check verdict lines already removed). Default: result.consoleLines. */
  consoleLines?: ConsoleLine[];
}

/** MAX_KEY_ROWS bounds the etcd table; a run that writes thousands of keys still renders fast. */
export const MAX_KEY_ROWS = 300;

function summaryLine(result: RunResult, ctx: OutputContext): HTMLElement {
  const steps = ctx.stepTitles.length;
  const ran = steps > 1 ? `steps 1–${steps}` : 'the step';
  const timing = `in ${formatDuration(result.durationMs)} · virtual time ${formatVirtualTime(result.virtualTimeMs)}`;
  const text = result.ok ? `Ran ${ran} ${timing}` : `Run failed ${timing}`;
  return h('p', { class: `step-run-summary ${result.ok ? 'ok' : 'failed'}` }, text);
}

function errorBox(error: SandboxErrorInfo, ctx: OutputContext): HTMLElement {
  const box = h('div', { class: 'step-error' }, h('p', { class: 'step-error-title' }, errorTitle(error, ctx.stepTitles)));
  box.append(h('p', { class: 'step-error-message' }, error.message));
  if (error.line !== undefined && error.step > 0) {
    const { line, column = 1 } = error;
    const where = error.step === ctx.stepTitles.length ? '' : ` of ${ctx.stepTitles[error.step - 1] ?? `step ${error.step}`}`;
    box.append(
      h(
        'p',
        {},
        h(
          'button',
          { type: 'button', class: 'step-link', 'data-goto': `${error.step}:${line}:${column}`, onclick: () => ctx.goToPosition(error.step, line, column) },
          `Go to ${positionLabel(line, error.column)}${where}`,
        ),
      ),
    );
  }
  if (error.stack) box.append(h('details', {}, h('summary', {}, 'Stack trace'), h('pre', { class: 'step-stack' }, error.stack)));
  return box;
}

function checkList(results: CheckResult[]): HTMLElement {
  const passed = results.filter((r) => r.passed).length;
  const heading = results.length === 0 ? 'The check made no expectations' : `Check: ${passed} of ${plural(results.length, 'expectation')} met`;
  return h(
    'section',
    { class: 'step-checks', 'aria-label': 'Check results' },
    h('h4', {}, heading),
    h(
      'ul',
      {},
      ...results.map((result) =>
        h(
          'li',
          { class: result.passed ? 'pass' : 'fail' },
          h('span', { class: 'step-check-mark', 'aria-hidden': 'true' }, result.passed ? '✓' : '✗'),
          visuallyHidden(result.passed ? 'Passed: ' : 'Failed: '),
          result.description,
          result.message ? h('span', { class: 'step-check-why' }, ` — ${result.message}`) : null,
        ),
      ),
    ),
  );
}

function consoleSection(lines: ConsoleLine[], lastStep: number): HTMLElement {
  const section = h('section', { class: 'step-console', 'aria-label': 'Console output' }, h('h4', {}, 'Console'));
  if (lines.length === 0) {
    section.append(h('p', { class: 'step-empty' }, 'No console output.'));
    return section;
  }
  const pre = h('pre', { tabindex: 0 });
  for (const line of lines) {
    const prefix = line.step !== lastStep ? `[step ${line.step}] ` : '';
    pre.append(h('span', { class: `console-line console-${line.level}` }, prefix + line.text), '\n');
  }
  section.append(pre);
  return section;
}

/**
 * breakableKey lets a long key wrap after its slashes (`/registry/serviceaccounts/kube-node-lease/…`)
 * so the table fits its box and each row's value button stays in sight.
 */
function breakableKey(key: string): (string | HTMLElement)[] {
  const parts: (string | HTMLElement)[] = [];
  key.split('/').forEach((segment, i) => {
    if (i > 0) parts.push('/', h('wbr'));
    if (segment) parts.push(segment);
  });
  return parts;
}

/** Ids for the value rows, unique on the page (many steps, many runs). */
let valueRowIds = 0;

/**
 * etcdRowElements is a key's row and, for a key that exists, a row under it as wide as the table
 * with the value as YAML: shown by the key row's button, and rendered the first time it is shown
 * (a big run leaves thousands of values that nobody opens).
 */
function etcdRowElements(row: EtcdKeyRow): HTMLTableRowElement[] {
  const current = row.current;
  const last = row.history[row.history.length - 1];
  const cells = (valueCell: HTMLTableCellElement) =>
    h(
      'tr',
      { class: [row.history.length ? 'changed' : '', row.deleted ? 'deleted' : ''].join(' ').trim() || undefined },
      h('th', { scope: 'row' }, h('code', {}, ...breakableKey(row.key))),
      h('td', { class: 'num' }, current ? current.createRevision : '—'),
      h('td', { class: 'num' }, current ? current.modRevision : '—'),
      h('td', { class: 'num' }, current ? current.version : '—'),
      valueCell,
    );
  if (!current) return [cells(h('td', { class: 'step-deleted-note' }, `deleted at revision ${last?.revision ?? '?'}`))];
  const id = `step-etcd-value-${++valueRowIds}`;
  // Focusable and named: a long value scrolls inside its box, and keyboard users must reach it.
  const pre = h('pre', { tabindex: 0, role: 'region', 'aria-label': `YAML of ${row.key}` });
  const valueRow = h('tr', { class: 'step-etcd-value', id, hidden: true }, h('td', { colspan: 5 }, pre));
  const label = h('span', {}, 'Show YAML');
  const toggle = h('button', { type: 'button', class: 'step-link', 'aria-expanded': 'false', 'aria-controls': id }, label, visuallyHidden(` of ${row.key}`));
  toggle.addEventListener('click', () => {
    const show = valueRow.hidden;
    if (show && !pre.firstChild) pre.textContent = storedValueYaml(current.stored);
    valueRow.hidden = !show;
    label.textContent = show ? 'Hide YAML' : 'Show YAML';
    toggle.setAttribute('aria-expanded', String(show));
  });
  return [cells(h('td', {}, toggle)), valueRow];
}

function etcdSection(result: RunResult, trace: TraceEntry[]): HTMLElement {
  const rows = etcdKeyRows(result.etcdKeys, trace);
  const written = changedKeys(rows);
  const table = h(
    'table',
    { class: 'step-table step-etcd-table' },
    h('caption', { class: 'sr-only' }, 'etcd keys after the run'),
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Create rev'), h('th', { scope: 'col' }, 'Mod rev'), h('th', { scope: 'col' }, 'Version'), h('th', { scope: 'col' }, 'Value')),
    ),
    h('tbody', {}, ...rows.slice(0, MAX_KEY_ROWS).flatMap(etcdRowElements)),
  );
  return h(
    'details',
    { class: 'step-etcd' },
    h('summary', {}, `etcd keys: ${rows.length}`, written ? ` (${written} written by this run)` : ''),
    h('div', { class: 'step-scroll', tabindex: 0, role: 'region', 'aria-label': 'etcd keys table' }, table),
    rows.length > MAX_KEY_ROWS ? h('p', { class: 'step-empty' }, `Showing the first ${MAX_KEY_ROWS} of ${rows.length} keys.`) : null,
  );
}

/** renderRunResult fills the output panel with everything a finished run produced. */
export function renderRunResult(panel: HTMLElement, result: RunResult, ctx: OutputContext): void {
  const trace = result.trace as TraceEntry[];
  const lastStep = ctx.stepTitles.length;
  const body = h('div', { class: 'step-output-body' }, summaryLine(result, ctx));
  if (result.error) body.append(errorBox(result.error, ctx));
  if (ctx.checkResults) body.append(checkList(ctx.checkResults));
  body.append(consoleSection(ctx.consoleLines ?? result.consoleLines, lastStep));
  const diagram = h('section', { class: 'step-diagram', 'aria-label': 'Requests between components' }, h('h4', {}, 'What happened'));
  mountSequenceDiagram(diagram, trace, { focusFrom: result.traceStartOfLastStep ?? 0, lastStep });
  const attempts = schedulingAttempts(trace);
  if (attempts.length) diagram.append(schedulerDecisions(attempts));
  body.append(diagram, etcdSection(result, trace));
  panel.replaceChildren(body);
  panel.hidden = false;
}

/** renderProgress shows a run in progress with a Stop button. */
export function renderProgress(panel: HTMLElement, label: string, onStop: () => void): void {
  panel.replaceChildren(
    h(
      'div',
      { class: 'step-progress' },
      h('progress', { 'aria-label': 'Run progress' }),
      h('span', { class: 'step-progress-label' }, label),
      h('button', { type: 'button', class: 'step-button', onclick: onStop }, 'Stop', visuallyHidden(' the run')),
    ),
  );
  panel.hidden = false;
}

/** updateProgressLabel changes the progress text without rebuilding the panel (keeps focus on Stop). */
export function updateProgressLabel(panel: HTMLElement, label: string): void {
  const span = panel.querySelector('.step-progress-label');
  if (span) span.textContent = label;
}

/** renderMessage replaces the panel with one line (a stopped run, a share link, a failure to load). */
export function renderMessage(panel: HTMLElement, text: string, kind: 'info' | 'error' = 'info', ...extra: Node[]): void {
  panel.replaceChildren(h('div', { class: `step-output-body step-message ${kind}` }, h('p', {}, text), ...extra));
  panel.hidden = false;
}
