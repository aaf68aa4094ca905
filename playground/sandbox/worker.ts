/**
 * The sandbox Web Worker: a thin shell around the runner. The page creates it when the reader
 * shows intent to run a step, or on the first Run (client.ts), so QuickJS, sucrase and the
 * control-plane bundle are downloaded only then. It keeps the next run's fresh sandbox ready
 * (runner.prepare): one right after it starts, and a new one after every run, made while the
 * reader looks at the output.
 */
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import type { WorkerReply, WorkerRequest } from './protocol';
import { createRunner } from './runner';

/** The worker global, typed locally: the webworker lib would clash with the site's DOM typings. */
declare const self: {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
};

const runner = createRunner({
  async compileWasm() {
    const response = fetch(wasmUrl);
    try {
      return await WebAssembly.compileStreaming(response);
    } catch {
      // Some static hosts serve .wasm without the application/wasm type streaming needs.
      return WebAssembly.compile(await (await fetch(wasmUrl)).arrayBuffer());
    }
  },
  loadBundle: () => import('virtual:kube-sandbox-bundle'),
});

/** prepareNext makes the next run's sandbox; a failure (say, offline) is retried by that run. */
const prepareNext = (limits?: WorkerRequest['request']['limits']) => void runner.prepare(limits).catch(() => {});
prepareNext();

/** Runs are handled one at a time; the page never sends a second before the first answered. */
self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { id, request } = event.data;
  const post = (reply: WorkerReply) => self.postMessage(reply);
  try {
    const result = await runner.run(request, (progress) => post({ id, type: 'progress', progress }));
    post({ id, type: 'result', result });
  } catch (error) {
    post({ id, type: 'failure', message: error instanceof Error ? error.message : String(error) });
  }
  prepareNext(request.limits);
};
