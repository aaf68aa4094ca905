/**
 * The page's one sandbox client, created on the first Run; it adopts the worker the loader started
 * when the reader showed intent (worker-boot.ts), so QuickJS is loading or ready by then. The
 * client runs one request at a time and answers a stopped run with a SandboxStopped error; this
 * wrapper tells its step whether the reader pressed Stop or another step's Run took it over.
 */
import type { SandboxClient, WorkerLike } from '../../../playground/sandbox/client';
import type { RunProgress, RunRequest, RunResult } from '../../../playground/sandbox/protocol';
import { takeSandboxWorker } from './worker-boot';

/** StopReason says who stopped a run: the reader's Stop button, or a run started elsewhere. */
export type StopReason = 'stopped' | 'superseded';

/** RunOutcome is a finished run, or a stopped one and why. */
export type RunOutcome = { kind: 'done'; result: RunResult } | { kind: 'stopped'; reason: StopReason };

/** ActiveRun is the run in progress; `stop` settles it at once, whatever the worker is doing. */
interface ActiveRun {
  reason?: StopReason;
  stop(reason: StopReason): void;
}

let clientPromise: Promise<SandboxClient> | undefined;
let current: ActiveRun | undefined;

function client(): Promise<SandboxClient> {
  clientPromise ??= import('../../../playground/sandbox/client').then((module) =>
    module.createSandboxClient({ createWorker: () => takeSandboxWorker() as unknown as WorkerLike }),
  );
  return clientPromise;
}

/** runSteps runs the request in the shared sandbox; a run still going elsewhere is stopped. */
export async function runSteps(request: RunRequest, onProgress: (progress: RunProgress) => void): Promise<RunOutcome> {
  let settleStopped!: (outcome: RunOutcome) => void;
  const stopped = new Promise<RunOutcome>((resolve) => (settleStopped = resolve));
  const mine: ActiveRun = {
    stop(reason) {
      mine.reason ??= reason;
      settleStopped({ kind: 'stopped', reason: mine.reason });
    },
  };
  current?.stop('superseded');
  current = mine;
  try {
    const finished = client().then(async (sandbox): Promise<RunOutcome> => {
      if (mine.reason) return { kind: 'stopped', reason: mine.reason };
      const result = await sandbox.run(request, { onProgress: (progress) => mine.reason === undefined && onProgress(progress) });
      if (mine.reason || result.error?.kind === 'SandboxStopped') return { kind: 'stopped', reason: mine.reason ?? 'stopped' };
      return { kind: 'done', result };
    });
    // Stop answers at once: the page must not wait for a worker that may be busy in a loop.
    return await Promise.race([finished, stopped]);
  } finally {
    if (current === mine) current = undefined;
  }
}

/** stopRun stops the run in progress, if any; its runSteps call resolves as stopped. */
export async function stopRun(): Promise<void> {
  if (!current) return;
  current.stop('stopped');
  (await client()).stop();
}
