/**
 * The sandbox Web Worker: a thin shell around the runner. The page creates it on the first Run
 * (client.ts), so QuickJS, sucrase and the control-plane bundle are downloaded only then.
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
};
