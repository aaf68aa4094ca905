/**
 * runStepsInNode runs steps directly in Node's V8, with the same transpiled code, the same console
 * formatting and the same `__kubeYield` semantics as the sandbox, so tests can check that a step
 * behaves the same inside QuickJS as outside it (compareWithSandbox). Test-only: it evaluates code
 * with the Function constructor, which is fine for our own steps and never used on reader input.
 */
import { createGuestConsole } from './guest/console';
import { stepFileName } from './classify';
import type { ConsoleLine, RunResult } from './protocol';
import type { SandboxRunner } from './runner';
import { collectRunResults, resetRun, storedText, type RunCollection } from './run-registry';
import { isTranspileFailure, transpileStep } from './transpile';

/** NodeRun is what a Node run produced, in the sandbox's shapes. */
export interface NodeRun {
  consoleLines: ConsoleLine[];
  collection: RunCollection;
  error?: string;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;

/**
 * runStepsInNode evaluates steps 1..N in one shared scope (like the sandbox's global scripts),
 * keeping only the last step's console lines. `kube` is the module steps import as "kube"; it must
 * remember its clusters through run-registry (as kube-entry.ts and the fixture entry do).
 */
export async function runStepsInNode(sources: readonly string[], kube: object): Promise<NodeRun> {
  resetRun();
  let step = 0;
  const lines: ConsoleLine[] = [];
  const { console: stepConsole } = createGuestConsole((level, text) => {
    if (step === sources.length) lines.push({ level, text, step });
    return true;
  });
  const body = sources
    .map((source, index) => {
      const transpiled = transpileStep(source, stepFileName(index + 1));
      if (isTranspileFailure(transpiled)) throw new Error(`step ${index + 1}: ${transpiled.message}`);
      return `__setStep(${index + 1});\n${transpiled.code}`;
    })
    .join('\n');
  const strictBody = `'use strict';\n${body}`;
  const require = (name: string) => {
    if (name === 'kube') return { ...kube, __esModule: true };
    throw new Error(`Cannot import "${name}": steps can only import "kube"`);
  };
  const previousYield = (globalThis as { __kubeYield?: unknown }).__kubeYield;
  // Node runs every pending microtask before an immediate: the same "after all pending jobs"
  // promise the sandbox host gives, resumed oldest first.
  (globalThis as { __kubeYield?: unknown }).__kubeYield = () => new Promise<void>((resolve) => setImmediate(resolve));
  let error: string | undefined;
  try {
    const run = new AsyncFunction('require', 'exports', 'console', '__setStep', strictBody);
    await run(require, {}, stepConsole, (n: number) => {
      step = n;
    });
  } catch (thrown) {
    error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  } finally {
    (globalThis as { __kubeYield?: unknown }).__kubeYield = previousYield;
  }
  return { consoleLines: lines, collection: collectRunResults(), error };
}

/** EquivalenceReport lists where a sandbox run and a Node run differ (empty when they agree). */
export interface EquivalenceReport {
  differences: string[];
  node: NodeRun;
  sandbox: RunResult;
}

/** compareWithSandbox runs the same steps in both places and compares console, trace and keys. */
export async function compareWithSandbox(runner: SandboxRunner, sources: readonly string[], kube: object): Promise<EquivalenceReport> {
  const sandbox = await runner.run({ steps: sources.map((source) => ({ source })) });
  const node = await runStepsInNode(sources, kube);
  const differences: string[] = [];
  const same = (label: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${label} differ:\n node:    ${JSON.stringify(a).slice(0, 500)}\n sandbox: ${JSON.stringify(b).slice(0, 500)}`);
  };
  same('errors', node.error ?? null, sandbox.error ? sandbox.error.message : null);
  same('console lines', node.consoleLines, sandbox.consoleLines);
  same('traces', node.collection.trace, sandbox.trace);
  // Keys, revisions and the very bytes each one holds.
  same('etcd keys', node.collection.etcdKeys.map((k) => [k.key, k.createRevision, k.modRevision, k.version, storedText(k.value)]), sandbox.etcdKeys.map((k) => [k.key, k.createRevision, k.modRevision, k.version, k.stored]));
  same('virtual time', node.collection.virtualTimeMs, sandbox.virtualTimeMs);
  return { differences, node, sandbox };
}
