import { describe, expect, it } from 'vitest';
import type { ConsoleLine } from '../../../playground/sandbox/protocol';
import { CHECK_MARKER, checkStepSource, splitCheckOutput } from './check';

/** runCheck evaluates a check step in this process, as the sandbox would, and collects its console. */
async function runCheck(checkFile: string, globals: Record<string, unknown> = {}): Promise<ConsoleLine[]> {
  const lines: ConsoleLine[] = [];
  const fakeConsole = { log: (text: string) => lines.push({ level: 'log', text, step: 2 }) };
  const saved = (globalThis as { check?: unknown }).check;
  try {
    const body = `return (async () => { ${checkStepSource(checkFile)}\n })();`;
    await new Function('console', ...Object.keys(globals), body)(fakeConsole, ...Object.values(globals));
  } finally {
    (globalThis as { check?: unknown }).check = saved;
  }
  return lines;
}

describe('exercise checks', () => {
  it('reports which expectations pass and why the others fail', async () => {
    const lines = await runCheck(
      [
        'await check("the pod exists", () => pods.includes("nginx"));',
        'await check("it runs on node-2", () => node === "node-2");',
        'await check("the cluster answers", async () => { throw new Error("pods \\"x\\" not found"); });',
        'console.log("hello from the check");',
      ].join('\n'),
      { pods: ['nginx'], node: 'node-1' },
    );
    const { results, console } = splitCheckOutput(lines);
    expect(results).toEqual([
      { description: 'the pod exists', passed: true },
      { description: 'it runs on node-2', passed: false, message: 'expected it to hold, but it did not' },
      { description: 'the cluster answers', passed: false, message: 'pods "x" not found' },
    ]);
    expect(console.map((l) => l.text)).toEqual(['hello from the check']);
  });

  it('keeps the check file on its own line numbers', () => {
    expect(checkStepSource('a\nb').split('\n')).toHaveLength(2);
  });

  it('treats a malformed verdict line as ordinary output', () => {
    const { results, console } = splitCheckOutput([{ level: 'log', text: `${CHECK_MARKER}{oops`, step: 1 }]);
    expect(results).toEqual([]);
    expect(console).toHaveLength(1);
  });
});
