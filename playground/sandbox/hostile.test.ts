import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_KUBE_ENTRY } from './bundle';
import { createNodeRunner } from './node-runner';
import type { RunLimits, RunResult } from './protocol';

// The hostile-code suite: every attack ends with its own clear message within its limit, and the
// next run in the same runner still works. Runs use the mini-kube fixture bundle. Like the page's
// worker, the runner prepares the next sandbox right after each run, so every follow-up run starts
// in a sandbox made while the attack's sandbox was being torn down.
const runner = createNodeRunner({ entry: FIXTURE_KUBE_ENTRY });
const fast: RunLimits = { timeLimitMs: 500 };

async function run(sources: string[], limits: RunLimits = fast): Promise<RunResult> {
  const result = await runner.run({ steps: sources.map((source) => ({ source })), limits });
  await runner.prepare(fast);
  return result;
}

/** expectNextRunWorks proves a fresh, healthy sandbox follows whatever happened before. */
async function expectNextRunWorks(): Promise<void> {
  const result = await run(['import { createCluster } from "kube";\nconst c = createCluster();\nawait c.create({ kind: "Pod", metadata: { name: "after" } });\nconsole.log("still fine", [1, 2]);']);
  expect(result.error).toBeUndefined();
  expect(result.consoleLines.map((line) => line.text)).toEqual(['still fine [ 1, 2 ]']);
  expect(result.etcdKeys.map((key) => key.key)).toEqual(['/registry/pods/default/after']);
}

afterEach(() => {
  // Checked after every test, so a leak is blamed on the attack that caused it.
  expect(runner.stats().lastDisposeError).toBeUndefined();
});

afterAll(() => {
  // QuickJS aborts when a runtime with a live object is freed: no failure means no leaked handle.
  const stats = runner.stats();
  expect(stats.lastDisposeError).toBeUndefined();
  expect(stats.disposeFailures).toBe(0);
  expect(stats.disposedCleanly + stats.discarded).toBe(stats.runs - syntaxOnlyRuns);
  // Runs with the default limits took a prepared sandbox; a different limit made its own.
  expect(stats.preparedRuns).toBeGreaterThan(stats.runs / 2);
});
let syntaxOnlyRuns = 0;

describe('runaway CPU', () => {
  it('stops a synchronous infinite loop at the default 2 s and names the step and function', async () => {
    const started = Date.now();
    const result = await run(['let n = 0;\nfunction spin(): void {\n  while (true) { n++; }\n}\nspin();'], {});
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(result.error).toMatchObject({ kind: 'SandboxTimeout', step: 1, line: 2 });
    expect(result.error!.stack).toBe('    at spin (step-1.ts:2:1)\n    at step-1.ts:5:5');
    expect(result.error!.message).toBe('Step 1 ran for more than 2 s of CPU time and was stopped. Is there an infinite loop?');
    await expectNextRunWorks();
  });

  it('stops an endless chain of promise jobs', async () => {
    const result = await run(['Promise.resolve().then(function f(): Promise<void> { return Promise.resolve().then(f); });']);
    expect(result.error).toMatchObject({ kind: 'SandboxTimeout', step: 1 });
    await expectNextRunWorks();
  });

  it('does not let an un-awaited endless promise chain end cleanly after it exhausted memory', async () => {
    // Each link waits on the next, so the chain grows until an allocation fails; QuickJS turns that
    // into a rejection that nobody sees, the chain collapses, and the step used to "succeed".
    const result = await run(['Promise.resolve().then(function f(): Promise<void> { return Promise.resolve().then(f); });\nconsole.log("not reached");'], {});
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toMatch(/^(SandboxOutOfMemory|SandboxTimeout)$/);
    expect(result.error?.message).toMatch(/ran out of memory \(the sandbox has 64 MB\)|ran for more than 2 s/);
    await expectNextRunWorks();
  });

  it('reports a caught out-of-memory error as the sandbox running out of memory', async () => {
    const result = await run(['let caught = false;\ntry {\n  const parts: string[] = [];\n  while (true) parts.push("z".repeat(1 << 20) + parts.length);\n} catch {\n  caught = true;\n}\nconsole.log("caught", caught);'], { timeLimitMs: 5_000 });
    expect(result.error).toMatchObject({ kind: 'SandboxOutOfMemory', step: 1 });
    await expectNextRunWorks();
  });

  it('stops a catastrophic regular expression', async () => {
    const result = await run(['const ok = 1;', 'const evil = /(a+)+$/;\nevil.test("a".repeat(40) + "!");']);
    expect(result.error).toMatchObject({ kind: 'SandboxTimeout', step: 2 });
    expect(result.error!.stack).toContain('at test (native)');
    expect(result.error!.message).toContain('Step 2 ran for more than 0.5 s');
    await expectNextRunWorks();
  });

  it('stops a loop that keeps yielding to the simulation', async () => {
    const result = await run(['while (true) { await __kubeYield(); }'].map((s) => `declare const __kubeYield: () => Promise<void>;\n${s}`));
    expect(result.error).toMatchObject({ kind: 'SandboxTimeout', step: 1 });
    await expectNextRunWorks();
  });
});

describe('runaway recursion and memory', () => {
  it('reports a recursion bomb as a stack overflow in the step', async () => {
    const result = await run(['const a = 1;', 'const b = 2;', 'function down(n: number): number {\n  return down(n + 1) + 1;\n}\ndown(0);']);
    expect(result.error).toMatchObject({ kind: 'SandboxStackOverflow', step: 3, line: 2 });
    expect(result.error!.message).toMatch(/^Step 3 failed, so step 3|^Maximum call stack size exceeded in step 3/);
    await expectNextRunWorks();
  });

  it.each([
    ['an array of objects', 'const all: object[] = [];\nwhile (true) all.push({ n: all.length, s: "x" + all.length });'],
    ['a doubling string that is read', 'let s = "xy";\nwhile (true) { s = s + s; s.indexOf("z"); }'],
    ['a map of objects', 'const m = new Map<number, object>();\nfor (let i = 0; ; i++) m.set(i, { i, tags: [i, i] });'],
    ['one huge allocation', 'const big = new Array(200_000_000).fill(0);'],
  ])('stops %s with a plain out-of-memory message', async (_label, source) => {
    const result = await run([source], { timeLimitMs: 5_000 });
    expect(result.error).toMatchObject({ kind: 'SandboxOutOfMemory', step: 1 });
    expect(result.error!.message).toContain('ran out of memory (the sandbox has 64 MB)');
    await expectNextRunWorks();
  });

  it('reports an ordinary error as itself after memory grew near its maximum and was freed', async () => {
    // The sandbox memory never shrinks, so "nearly full" is no sign that an allocation failed.
    const result = await run(['let keep: string[] = [];\nfor (let i = 0; i < 54; i++) keep.push("x".repeat(1 << 20) + i);\nkeep = [];\nthrow new Error("plain failure");'], { timeLimitMs: 5_000 });
    expect(result.memoryMb).toBeGreaterThan(64 * 0.9);
    expect(result.error).toMatchObject({ kind: 'StepRuntimeError', step: 1, line: 4, message: 'Error: plain failure' });
    await expectNextRunWorks();
  });

  it('gives more memory when a step asks for it, and still bounds it', async () => {
    const source = 'const chunks: string[] = [];\nfor (let i = 0; i < 90; i++) chunks.push("x".repeat(1 << 20) + i);\nconsole.log(chunks.length);';
    expect((await run([source], { memoryLimitMb: 64 })).error?.kind).toBe('SandboxOutOfMemory');
    const roomy = await run([source], { memoryLimitMb: 256 });
    expect(roomy.consoleLines.map((l) => l.text)).toEqual(['90']);
    // The result says how far the memory grew: past the default 64 MB, within what was asked for.
    expect(roomy.memoryMb).toBeGreaterThan(90);
    expect(roomy.memoryMb).toBeLessThanOrEqual(256);
    const capped = await run(['const keep: string[] = [];\nwhile (true) keep.push("y".repeat(1 << 20) + keep.length);'], { memoryLimitMb: 4096, timeLimitMs: 10_000 });
    expect(capped.error?.message).toContain('the sandbox has 1024 MB');
  });
});

describe('console floods', () => {
  it('caps the output at 2,000 lines with a final truncation line', async () => {
    const result = await run(['for (let i = 0; i < 5000; i++) console.log("line", i);']);
    expect(result.error).toBeUndefined();
    expect(result.consoleLines).toHaveLength(2001);
    expect(result.consoleLines.at(-1)).toEqual({ level: 'warn', text: '… output truncated', step: 1 });
  });

  it('caps an endless flood by size and still stops it on time', async () => {
    const result = await run(['const blob = "z".repeat(10_000);\nwhile (true) console.error(blob);']);
    expect(result.error).toMatchObject({ kind: 'SandboxTimeout', step: 1 });
    const bytes = result.consoleLines.reduce((sum, line) => sum + line.text.length, 0);
    expect(bytes).toBeLessThanOrEqual(200 * 1024 + 100);
    expect(result.consoleLines.at(-1)?.text).toBe('… output truncated');
    await expectNextRunWorks();
  });
});

describe('the wall around the sandbox', () => {
  it('offers no host globals, even through Function or constructor tricks', async () => {
    const probes = ['fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'Worker', 'document', 'window', 'self', 'process', 'setTimeout', 'navigator', 'location', 'postMessage'];
    const result = await run([
      `const names = ${JSON.stringify(probes)};\n` +
        'const viaFunction = Function("return this")();\n' +
        'const viaConstructor = (globalThis as any).constructor.constructor("return this")();\n' +
        'for (const g of [globalThis, viaFunction, viaConstructor]) console.log(names.filter((n) => typeof (g as any)[n] !== "undefined").join(",") || "none");\n' +
        'console.log(viaFunction === globalThis, typeof (0, eval)("typeof process"));',
    ]);
    expect(result.consoleLines.map((l) => l.text)).toEqual(['none', 'none', 'none', 'true string']);
  });

  it('shows only ECMAScript built-ins plus the bridge on the global object', async () => {
    const result = await run(['console.log(Object.getOwnPropertyNames(globalThis).sort().join(" "));']);
    const names = result.consoleLines[0].text.split(' ');
    const bridge = ['__kubeRun', '__kubeSandbox', '__kubeYield', 'console', 'exports', 'require'];
    const ecmascript = /^(globalThis|Object|Function|Array|Number|parseFloat|parseInt|Infinity|NaN|undefined|Boolean|String|Symbol|Date|Promise|RegExp|Error|AggregateError|EvalError|RangeError|ReferenceError|SyntaxError|TypeError|URIError|JSON|Math|Intl|ArrayBuffer|SharedArrayBuffer|Atomics|Uint8Array|Int8Array|Uint16Array|Int16Array|Uint32Array|Int32Array|Float16Array|Float32Array|Float64Array|Uint8ClampedArray|BigUint64Array|BigInt64Array|BigInt|DataView|Map|Set|WeakMap|WeakSet|WeakRef|FinalizationRegistry|Proxy|Reflect|Iterator|decodeURI|decodeURIComponent|encodeURI|encodeURIComponent|escape|unescape|eval|isFinite|isNaN|queueMicrotask|InternalError)$/;
    expect(names.filter((name) => !ecmascript.test(name) && !bridge.includes(name))).toEqual([]);
  });

  it.each([
    ['a static import', 'import { readFileSync } from "fs";\nreadFileSync;', 'Cannot import "fs": steps can only import "kube"', 1],
    ['a dynamic import of a URL', 'const a = 1;\nconst m = await import("https://example.invalid/x.js");', 'Cannot import "https://example.invalid/x.js": steps can only import "kube"', 2],
    ['require', 'const fs = require("fs");', 'Cannot import "fs": steps can only import "kube"', 1],
  ])('refuses %s with a clear import error', async (_label, source, message, line) => {
    const result = await run([source]);
    expect(result.error).toMatchObject({ kind: 'StepImportError', step: 1, line, message });
    await expectNextRunWorks();
  });

  it('refuses an import hidden in a Function body through the module loader', async () => {
    const result = await run(['await Function("return import(\\"https://x\\")")();']);
    expect(result.error?.message).toContain('Cannot import "https://x": steps can only import "kube"');
  });

  it('names a missing export of "kube" where it is imported', async () => {
    const result = await run(['import { createClustr } from "kube";\nconst c = createClustr();']);
    expect(result.error).toMatchObject({ kind: 'StepImportError', line: 2, message: 'The "kube" module has no export named "createClustr"' });
  });
});

describe('errors readers make', () => {
  it.each([
    ['throw 42', 'Uncaught 42'],
    ['throw { a: 1 }', 'Uncaught { a: 1 }'],
    ['throw "plain text"', "Uncaught 'plain text'"],
    ['throw null', 'Uncaught null'],
  ])('reports %s', async (source, message) => {
    const result = await run([`const before = 1;\n${source};`]);
    expect(result.error).toMatchObject({ kind: 'StepRuntimeError', step: 1, message });
    await expectNextRunWorks();
  });

  it('reports an await that can never finish instead of hanging', async () => {
    const started = Date.now();
    const result = await run(['console.log("waiting");\nawait new Promise(() => {});\nconsole.log("never");']);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.error?.message).toContain('Step 1 is still waiting on a promise that never settles');
    expect(result.consoleLines.map((l) => l.text)).toEqual(['waiting']);
    await expectNextRunWorks();
  });

  it('reports a rejection nobody handled, and not one that was handled', async () => {
    const unhandled = await run(['Promise.reject(new Error("boom"));\nconsole.log("after");']);
    expect(unhandled.error).toMatchObject({ kind: 'StepRuntimeError', step: 1, line: 1, message: 'Unhandled promise rejection: Error: boom' });
    const chained = await run(['Promise.resolve(1).then(() => { throw new TypeError("late"); });']);
    expect(chained.error?.message).toBe('Unhandled promise rejection: TypeError: late');
    const handled = await run([
      'try { await Promise.reject(new Error("caught")); } catch {}\n' +
        'Promise.reject(new Error("x")).catch(() => {});\n' +
        'const p = new Promise((_, reject) => reject(new Error("y")));\nawait p.then(() => 1, () => 2);\n' +
        'class MyPromise<T> extends Promise<T> {}\nconsole.log(new MyPromise((r) => r(1)) instanceof Promise, (async () => 1)() instanceof Promise);',
    ]);
    expect(handled.error).toBeUndefined();
    expect(handled.consoleLines.map((l) => l.text)).toEqual(['true true']);
  });

  it('reports a syntax error at its TypeScript line and column, before running anything', async () => {
    syntaxOnlyRuns++;
    const result = await run(['console.log("fine");', 'const a: number = 1;\nconst b = (;\n']);
    expect(result.error).toMatchObject({ kind: 'StepSyntaxError', step: 2, line: 2, column: 12 });
    expect(result.error!.message).toBe('SyntaxError: Unexpected token');
  });

  it('blames the earlier step when step 2 of 3 throws, with its TypeScript line and column', async () => {
    const result = await run([
      'const greeting: string = "hello";\nconsole.log(greeting);',
      'interface Pod { name: string }\nconst pods: Pod[] = [];\nconst first: Pod = pods[0] as Pod;\nconsole.log("looking");\nconst len: number = (pods[0] as Pod).name.length;',
      'console.log("step 3 ran");',
    ]);
    // Column 37 is `.name` in the TypeScript; in the JavaScript sucrase made it is column 23.
    expect(result.error).toMatchObject({ kind: 'StepRuntimeError', step: 2, line: 5, column: 37 });
    expect(result.error!.message).toBe("Step 2 failed, so step 3 could not run: TypeError: cannot read property 'name' of undefined");
    expect(result.error!.stack).toBe('    at step-2.ts:5:37');
    expect(result.consoleLines).toEqual([{ level: 'log', text: 'looking', step: 2 }]);
  });

  it('explains a name declared again by a later step', async () => {
    const result = await run(['const cluster = 1;', 'const cluster = 2;']);
    expect(result.error).toMatchObject({ kind: 'StepSyntaxError', step: 2 });
    expect(result.error!.message).toContain('an earlier step already declares this name');
  });
});

describe('what a failed run still shows', () => {
  it('keeps the trace and keys made before a step timed out, and a short stack after a recursion bomb', async () => {
    const timedOut = await run(['import { createCluster } from "kube";\nconst c = createCluster();\nawait c.create({ kind: "Pod", metadata: { name: "before-loop" } });\nwhile (true) {}']);
    expect(timedOut.error?.kind).toBe('SandboxTimeout');
    expect(timedOut.etcdKeys.map((key) => key.key)).toEqual(['/registry/pods/default/before-loop']);
    expect(timedOut.trace.length).toBeGreaterThan(0);
    const bomb = await run(['function down(): number { return down() + 1; }\ndown();']);
    const frames = bomb.error!.stack.split('\n');
    expect(frames).toHaveLength(21);
    expect(frames[20]).toMatch(/^ {4}… \d+ more frames$/);
  });
});
