/**
 * newQuickJSInstance makes the fresh QuickJS module every run gets: the wasm is compiled once per
 * process/worker (the caller's `compileWasm` is memoized here), then each run instantiates it
 * with its OWN WebAssembly.Memory whose `maximum` is the run's memory limit. That maximum is what
 * really bounds memory: `runtime.setMemoryLimit` does not under emscripten (STACK-NOTES; upstream
 * quickjs-emscripten #255, #271). A fresh instance also means a run that broke QuickJS (out of
 * memory, host stack overflow, abort) is simply dropped: nothing of it reaches the next run.
 */
import { newQuickJSWASMModuleFromVariant, newVariant, type CustomizeVariantOptions, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import releaseSyncVariant from '@jitl/quickjs-wasmfile-release-sync';

/** WasmCompiler compiles the QuickJS wasm (Node: from the file; worker: from its URL). */
export type WasmCompiler = () => Promise<WebAssembly.Module>;

/** QuickJSInstance is one run's QuickJS module and the memory it lives in. */
export interface QuickJSInstance {
  module: QuickJSWASMModule;
  memory: WebAssembly.Memory;
  /** Maximum size of `memory`, in bytes. */
  maxBytes: number;
  /**
   * allocationFailures counts the times QuickJS asked for more memory than `memory` could give
   * (a malloc failed). QuickJS turns that into a catchable InternalError, so guest code can
   * swallow it (an un-awaited promise chain does): the host checks this count instead.
   */
  allocationFailures(): number;
}

const WASM_PAGE_BYTES = 64 * 1024;
/** The release build starts with 16 MB (emscripten's INITIAL_MEMORY); the memory must offer that. */
const INITIAL_PAGES = (16 * 1024 * 1024) / WASM_PAGE_BYTES;

const compiled = new WeakMap<WasmCompiler, Promise<WebAssembly.Module>>();

/** newQuickJSInstance instantiates QuickJS in a new memory of at most `memoryLimitMb` MB. */
export async function newQuickJSInstance(compileWasm: WasmCompiler, memoryLimitMb: number): Promise<QuickJSInstance> {
  let wasmModule = compiled.get(compileWasm);
  if (!wasmModule) {
    wasmModule = compileWasm();
    wasmModule.catch(() => compiled.delete(compileWasm));
    compiled.set(compileWasm, wasmModule);
  }
  const maxPages = Math.max(INITIAL_PAGES, Math.floor((memoryLimitMb * 1024 * 1024) / WASM_PAGE_BYTES));
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: maxPages });
  // Emscripten prints aborts to the console (its `print`/`printErr` hooks are not in the typings);
  // the runner reports them in plain words instead.
  const quietEmscripten = { print: () => {}, printErr: () => {} } as CustomizeVariantOptions['emscriptenModule'];
  const variant = newVariant(releaseSyncVariant, {
    wasmModule: await wasmModule,
    wasmMemory: memory,
    emscriptenModule: quietEmscripten,
  });
  const module = await newQuickJSWASMModuleFromVariant(variant);
  const maxBytes = maxPages * WASM_PAGE_BYTES;
  return { module, memory, maxBytes, allocationFailures: countRefusedGrowth(memory, maxBytes) };
}

/**
 * countRefusedGrowth wraps `memory.grow` (emscripten's heap resize calls it on this object) and
 * returns a reader of how many allocations found no memory. Emscripten asks for three sizes,
 * largest first, before malloc gives up: a refusal counts when the memory is already at its
 * maximum (every size must fail) or when three come in a row (none of the sizes fit).
 */
function countRefusedGrowth(memory: WebAssembly.Memory, maxBytes: number): () => number {
  const grow = memory.grow.bind(memory);
  let refusedInARow = 0;
  let failures = 0;
  Object.defineProperty(memory, 'grow', {
    value: (pages: number) => {
      try {
        const previousPages = grow(pages);
        refusedInARow = 0;
        return previousPages;
      } catch (refusal) {
        if (memory.buffer.byteLength >= maxBytes || ++refusedInARow >= 3) {
          failures++;
          refusedInARow = 0;
        }
        throw refusal;
      }
    },
  });
  return () => failures;
}
