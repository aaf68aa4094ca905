/**
 * startSandboxWorker starts the sandbox Web Worker as soon as the reader shows intent to run a
 * step (pointer over it, focus in it, or the Run press itself), before the step controller and the
 * sandbox client have even loaded: the worker then downloads QuickJS and the control-plane bundle
 * and prepares the first fresh sandbox in parallel with them. The sandbox client adopts that worker
 * for its first run (takeSandboxWorker). Imported by the tiny loader: keep this file tiny too.
 */
let early: Worker | undefined;
let earlyFailed = false;

function newSandboxWorker(): Worker {
  return new Worker(new URL('../../../playground/sandbox/worker.ts', import.meta.url), { type: 'module' });
}

/** startSandboxWorker makes the early worker once (no-op when one is waiting or Workers are missing). */
export function startSandboxWorker(): void {
  if (early || typeof Worker === 'undefined') return;
  early = newSandboxWorker();
  earlyFailed = false;
  // An error before the client adopts the worker would otherwise go unheard: remember it.
  early.addEventListener('error', () => (earlyFailed = true), { once: true });
}

/** takeSandboxWorker hands the early worker to the client (a new one if none is waiting or it failed). */
export function takeSandboxWorker(): Worker {
  const worker = early && !earlyFailed ? early : newSandboxWorker();
  if (early && earlyFailed) early.terminate();
  early = undefined;
  return worker;
}
