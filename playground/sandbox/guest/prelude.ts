/**
 * The guest prelude: the first code evaluated in every fresh sandbox, before the control-plane
 * bundle and the steps. It builds everything reader code may touch besides the language itself:
 * `console`, `require` (only "kube"; the steps' imports are compiled to it, see transpile.ts),
 * `exports`, and `__kubeYield`. It also leaves the host a small control object, `__kubeSandbox`,
 * whose methods take and return only strings, booleans and guest values.
 *
 * Bundled by esbuild (bundle.ts) as a script; it must not import anything from the host side.
 */
import { importErrorMessage } from '../errors';
import { createGuestConsole, type ConsoleWrite } from './console';
import { inspect } from './inspect';
import { trackRejections } from './rejections';

/** GuestErrorDescription is what the host learns about a thrown value (JSON). */
export interface GuestErrorDescription {
  /** True for Error objects (and error-like objects with a stack). */
  isError: boolean;
  name: string;
  message: string;
  /** QuickJS frames: "    at f (step-2.ts:3:7)\n…". */
  stack: string;
  /** The value as console.log would print it. */
  text: string;
}

/** SandboxControl is the host's handle on the guest (global `__kubeSandbox`). */
export interface SandboxControl {
  /** adoptKube receives the evaluated "kube" module namespace. */
  adoptKube(namespace: object): void;
  /** resumeOldestYield resolves the oldest pending __kubeYield promise; false when none waits. */
  resumeOldestYield(): boolean;
  /** describe returns a GuestErrorDescription of a thrown value, as JSON. */
  describe(value: unknown): string;
  /** takeUnhandled describes (JSON) the oldest rejection nobody handled since the last call, or "". */
  takeUnhandled(): string;
  /** reopenConsole lets console calls through again after the host's budget stopped them. */
  reopenConsole(): void;
}

const host = globalThis as unknown as Record<string, unknown>;
const hostWrite = host.__kubeHostWrite as ConsoleWrite;
delete host.__kubeHostWrite;

/** hide defines a read-only, non-enumerable global; `configurable` lets a step shadow it with `const`. */
function hide(name: string, value: unknown, configurable = false): void {
  Object.defineProperty(globalThis, name, { value, writable: false, enumerable: false, configurable });
}

const guestConsole = createGuestConsole((level, text) => hostWrite(level, text));
Object.defineProperty(globalThis, 'console', {
  value: guestConsole.console,
  writable: true,
  enumerable: false,
  configurable: true,
});

let kubeModule: object | undefined;
const waitingYields: Array<() => void> = [];

/** Names that module-interop code probes on a namespace without meaning to import them. */
const PROBED = new Set(['__esModule', 'then', 'default', 'toJSON', 'constructor']);

class ImportError extends Error {
  override name = 'ImportError';
}

/**
 * The "kube" namespace as steps see it: reading an export that does not exist throws, so a typo in
 * `import { createClustr } from "kube"` fails where it is written, not later as "not a function".
 */
function kubeView(namespace: object): object {
  return new Proxy(namespace, {
    get(target, key, receiver) {
      if (key === '__esModule') return true;
      if (typeof key === 'string' && !(key in target) && !PROBED.has(key)) {
        throw new ImportError(`The "kube" module has no export named "${key}"`);
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

let kubeViewCache: object | undefined;
hide('require', function require(specifier: unknown): object {
  if (specifier === 'kube' && kubeModule) return (kubeViewCache ??= kubeView(kubeModule));
  throw new ImportError(importErrorMessage(String(specifier)));
}, true);
Object.defineProperty(globalThis, 'exports', { value: {}, writable: true, enumerable: false, configurable: true });

hide('__kubeYield', function __kubeYield(): Promise<void> {
  return new Promise<void>((resolve) => {
    waitingYields.push(resolve);
  });
});

const rejections = trackRejections();

function describe(value: unknown): string {
  const read = (get: () => unknown, fallback: string) => {
    try {
      const result = get();
      return result === undefined ? fallback : String(result);
    } catch {
      return fallback;
    }
  };
  let text: string;
  try {
    text = inspect(value);
  } catch {
    text = '[a value that could not be printed]';
  }
  const isError =
    value instanceof Error ||
    (typeof value === 'object' && value !== null && 'message' in value && 'stack' in value && typeof (value as Error).stack === 'string');
  const description: GuestErrorDescription = isError
    ? {
        isError,
        name: read(() => (value as Error).name, 'Error'),
        message: read(() => (value as Error).message, ''),
        stack: read(() => (value as Error).stack, ''),
        text,
      }
    : { isError, name: '', message: '', stack: '', text };
  return JSON.stringify(description);
}

const control: SandboxControl = {
  adoptKube(namespace) {
    kubeModule = namespace;
  },
  resumeOldestYield() {
    const resume = waitingYields.shift();
    if (!resume) return false;
    resume();
    return true;
  },
  describe,
  takeUnhandled() {
    const unhandled = rejections.takeUnhandled();
    return unhandled.found ? describe(unhandled.reason) : '';
  },
  reopenConsole() {
    guestConsole.reopen();
  },
};
hide('__kubeSandbox', control);
