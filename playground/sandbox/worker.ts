/**
 * The sandbox Web Worker: a thin shell around the runner. The page creates it when the reader
 * shows intent to run a step, or on the first Run (client.ts), so QuickJS, sucrase and the
 * control-plane bundle are downloaded only then. It keeps the next run's fresh sandbox ready
 * (runner.prepare): one right after it starts, and a new one after every run, made while the
 * reader looks at the output.
 */
import releaseSyncVariant from '@jitl/quickjs-wasmfile-release-sync';
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';
import type { WorkerReply, WorkerRequest } from './protocol';
import type { SandboxRunner } from './runner';

/** The worker global, typed locally: the webworker lib would clash with the site's DOM typings. */
declare const self: {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
};

async function compileQuickJSWasm(): Promise<WebAssembly.Module> {
  const response = fetch(wasmUrl);
  try {
    return await WebAssembly.compileStreaming(response);
  } catch {
    // Some static hosts serve .wasm without the application/wasm type streaming needs.
    return WebAssembly.compile(await (await fetch(wasmUrl)).arrayBuffer());
  }
}

/** retrying memoizes a load; a failed one (say, offline) is tried again on the next call. */
function retrying<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      pending = load();
      pending.catch(() => (pending = undefined));
    }
    return pending;
  };
}

// This entry is tiny on purpose: the QuickJS wasm and its JS glue, the control-plane bundle and
// the runner (with sucrase) all start downloading at once, in parallel, the moment the worker
// starts, instead of one after the other as each needs the next.
const compileWasm = retrying(compileQuickJSWasm);
const loadBundle = retrying(() => import('virtual:kube-sandbox-bundle'));
const runner = retrying(async (): Promise<SandboxRunner> => (await import('./runner')).createRunner({ compileWasm, loadBundle }));
const loadGlue = () => Promise.all([releaseSyncVariant.importFFI(), releaseSyncVariant.importModuleLoader()]);
for (const load of [compileWasm, loadBundle, runner, loadGlue]) void load().catch(() => {});

/** prepareNext makes the next run's sandbox; a failure (say, offline) is retried by that run. */
const prepareNext = (limits?: WorkerRequest['request']['limits']) => void runner().then((sandbox) => sandbox.prepare(limits)).catch(() => {});
prepareNext();

/** Runs are handled one at a time; the page never sends a second before the first answered. */
self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const { id, request } = event.data;
  const post = (reply: WorkerReply) => self.postMessage(reply);
  try {
    const result = await (await runner()).run(request, (progress) => post({ id, type: 'progress', progress }));
    post({ id, type: 'result', result });
  } catch (error) {
    post({ id, type: 'failure', message: error instanceof Error ? error.message : String(error) });
  }
  prepareNext(request.limits);
};
