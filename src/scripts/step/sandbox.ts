/**
 * The page's one sandbox client, created on the first Run (the Worker and QuickJS load then, not
 * before). The client runs one request at a time and answers a stopped run with a SandboxStopped
 * error; this wrapper tells its step whether the reader pressed Stop or another step's Run took
 * the sandbox over.
 */
import type { SandboxClient } from '../../../playground/sandbox/client';
import type { RunProgress, RunRequest, RunResult } from '../../../playground/sandbox/protocol';

/** StopReason says who stopped a run: the reader's Stop button, or a run started elsewhere. */
export type StopReason = 'stopped' | 'superseded';

/** RunOutcome is a finished run, or a stopped one and why. */
export type RunOutcome = { kind: 'done'; result: RunResult } | { kind: 'stopped'; reason: StopReason };

let clientPromise: Promise<SandboxClient> | undefined;
let current: { reason?: StopReason } | undefined;

function client(): Promise<SandboxClient> {
  clientPromise ??= import('../../../playground/sandbox/client').then((module) => module.createSandboxClient());
  return clientPromise;
}

/** runSteps runs the request in the shared sandbox; a run still going elsewhere is stopped. */
export async function runSteps(request: RunRequest, onProgress: (progress: RunProgress) => void): Promise<RunOutcome> {
  const mine: { reason?: StopReason } = {};
  if (current) current.reason = 'superseded';
  current = mine;
  const sandbox = await client();
  try {
    const result = await sandbox.run(request, { onProgress: (progress) => mine.reason === undefined && onProgress(progress) });
    if (mine.reason || result.error?.kind === 'SandboxStopped') return { kind: 'stopped', reason: mine.reason ?? 'stopped' };
    return { kind: 'done', result };
  } finally {
    if (current === mine) current = undefined;
  }
}

/** stopRun stops the run in progress, if any; its runSteps call resolves as stopped. */
export async function stopRun(): Promise<void> {
  if (!current) return;
  current.reason = 'stopped';
  (await client()).stop();
}
