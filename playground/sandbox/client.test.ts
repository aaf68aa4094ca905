import { describe, expect, it } from 'vitest';
import { FIXTURE_KUBE_ENTRY } from './bundle';
import { createSandboxClient, type WorkerLike } from './client';
import { createNodeRunner } from './node-runner';
import type { RunProgress, WorkerReply, WorkerRequest } from './protocol';

const runner = createNodeRunner({ entry: FIXTURE_KUBE_ENTRY });

/** InProcessWorker answers like worker.ts does, through the real runner; `hang` never answers. */
class InProcessWorker implements WorkerLike {
  static created = 0;
  onmessage: ((event: MessageEvent<WorkerReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;

  constructor(private readonly behaviour: 'answer' | 'hang' | 'hang-after-start') {
    InProcessWorker.created++;
  }

  postMessage({ id, request }: WorkerRequest): void {
    const reply = (data: WorkerReply) => setTimeout(() => !this.terminated && this.onmessage?.({ data } as MessageEvent<WorkerReply>), 0);
    if (this.behaviour === 'hang') return;
    if (this.behaviour === 'hang-after-start') {
      reply({ id, type: 'progress', progress: { phase: 'running', step: 1, of: request.steps.length } });
      return;
    }
    void runner.run(request, (progress) => reply({ id, type: 'progress', progress })).then((result) => reply({ id, type: 'result', result }));
  }

  terminate(): void {
    this.terminated = true;
  }
}

describe('createSandboxClient', () => {
  it('creates the worker on the first run only and relays progress and the result', async () => {
    const workers: InProcessWorker[] = [];
    const client = createSandboxClient({
      createWorker: () => {
        const worker = new InProcessWorker('answer');
        workers.push(worker);
        return worker;
      },
    });
    expect(workers).toHaveLength(0);
    const progress: RunProgress[] = [];
    const result = await client.run({ steps: [{ source: 'console.log("one")' }, { source: 'console.log("two")' }] }, { onProgress: (p) => progress.push(p) });
    expect(result.consoleLines.map((line) => line.text)).toEqual(['two']);
    expect(progress).toEqual([{ phase: 'loading' }, { phase: 'running', step: 1, of: 2 }, { phase: 'running', step: 2, of: 2 }, { phase: 'collecting' }]);
    await client.run({ steps: [{ source: 'console.log(3)' }] });
    expect(workers).toHaveLength(1);
  });

  it('ends a worker that does not answer in time and uses a new one for the next run', async () => {
    const behaviours: ('hang-after-start' | 'answer')[] = ['hang-after-start', 'answer'];
    const workers: InProcessWorker[] = [];
    const client = createSandboxClient({
      backstopMarginMs: 100,
      createWorker: () => {
        const worker = new InProcessWorker(behaviours.shift()!);
        workers.push(worker);
        return worker;
      },
    });
    const started = Date.now();
    const stuck = await client.run({ steps: [{ source: 'while (true) {}' }], limits: { timeLimitMs: 100 } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(stuck.error).toMatchObject({ kind: 'SandboxTimeout', step: 1 });
    expect(stuck.error!.message).toContain('The run did not stop in time and was ended');
    expect(workers[0].terminated).toBe(true);
    const next = await client.run({ steps: [{ source: 'console.log("fresh")' }] });
    expect(next.consoleLines.map((line) => line.text)).toEqual(['fresh']);
    expect(workers).toHaveLength(2);
  });

  it('stops a run on request and replaces the worker', async () => {
    const workers: InProcessWorker[] = [];
    const client = createSandboxClient({
      createWorker: () => {
        const worker = new InProcessWorker(workers.length === 0 ? 'hang' : 'answer');
        workers.push(worker);
        return worker;
      },
    });
    const pending = client.run({ steps: [{ source: 'console.log(1)' }] });
    client.stop();
    expect((await pending).error).toMatchObject({ kind: 'SandboxStopped', message: 'The run was stopped.' });
    expect(workers[0].terminated).toBe(true);
    expect((await client.run({ steps: [{ source: 'console.log(2)' }] })).ok).toBe(true);
  });

  it('gives up on a worker that never finishes loading', async () => {
    const client = createSandboxClient({ createWorker: () => new InProcessWorker('hang'), loadingBudgetMs: 50, backstopMarginMs: 0 });
    const result = await client.run({ steps: [{ source: '1' }], limits: { timeLimitMs: 50 } });
    expect(result.error?.kind).toBe('SandboxTimeout');
  });
});
