/**
 * yieldToHost lets every pending promise job run before the driver takes the next simulated step,
 * so reader code awaiting a cluster call (say, in a watch callback) acts before the next event.
 *
 * In the sandbox, `globalThis.__kubeYield` resolves once QuickJS's job queue is empty. Outside it
 * (Node tests) setImmediate does the same: it fires after all promise jobs. Neither affects
 * determinism: virtual time only moves when the driver steps the loop, and the driver steps in the
 * same order whichever way it yields; yielding only decides when already-queued promise jobs run,
 * and those run to completion before the next step in both cases.
 */
export function yieldToHost(): Promise<void> {
  const kubeYield = (globalThis as { __kubeYield?: () => Promise<void> }).__kubeYield;
  if (typeof kubeYield === 'function') return kubeYield();
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => void immediate(resolve));
  // Neither host hook exists (an unusual embedding): a chain of microtasks lets short chains settle.
  let chain = Promise.resolve();
  for (let i = 0; i < 32; i++) chain = chain.then(() => undefined);
  return chain;
}
