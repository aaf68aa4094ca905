/**
 * Build-time declarations for the "kube" module that step code imports. tsc emits `.d.ts` files
 * for playground/cluster/index.ts and everything it reaches; the editor registers each one under
 * file:///node_modules/kube/…, so completions, hover docs and type errors in Monaco describe the
 * real control-plane API, doc comments included, and never drift from it.
 * Node-only: runs the project's tsc binary in a child process.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** KubeDeclarations maps paths inside the virtual `kube` package to their text. */
export interface KubeDeclarations {
  /** `index.d.ts`, `sim/trace.d.ts`, …, plus a `package.json` that points at index.d.ts. */
  files: Record<string, string>;
  /** tsc's type errors, if any (declarations are still emitted); empty when clean. */
  diagnostics: string;
}

/** KubeDeclarationOptions says where the sources and the compiler are. */
export interface KubeDeclarationOptions {
  /** Project root holding node_modules/.bin/tsc. */
  root: string;
  /** Entry file, relative to root. Default `playground/cluster/index.ts`. */
  entry?: string;
}

async function listDeclarationFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listDeclarationFiles(path)));
    else if (entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found.sort();
}

/**
 * emitKubeDeclarations runs `tsc --declaration --emitDeclarationOnly` on the entry and collects
 * the output. Throws when the entry is missing or tsc emits nothing (a broken toolchain).
 */
export async function emitKubeDeclarations(options: KubeDeclarationOptions): Promise<KubeDeclarations> {
  const entry = join(options.root, options.entry ?? 'playground/cluster/index.ts');
  if (!existsSync(entry)) throw new Error(`kube declarations: entry ${relative(options.root, entry)} does not exist`);
  const tsc = join(options.root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsc.cmd' : 'tsc');
  const outDir = await mkdtemp(join(tmpdir(), 'kube-dts-'));
  let diagnostics = '';
  try {
    const args = [
      '--ignoreConfig',
      '--declaration',
      '--emitDeclarationOnly',
      '--outDir', outDir,
      '--rootDir', dirname(entry),
      '--target', 'ES2022',
      '--module', 'ESNext',
      '--moduleResolution', 'Bundler',
      '--strict',
      '--skipLibCheck',
      '--types', '',
      '--pretty', 'false',
      entry,
    ];
    try {
      await run(tsc, args, { cwd: options.root, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      // tsc exits non-zero on type errors but still writes declarations; keep its report.
      diagnostics = String((error as { stdout?: string }).stdout ?? error);
    }
    const files: Record<string, string> = {};
    for (const path of await listDeclarationFiles(outDir)) {
      files[relative(outDir, path).split(sep).join('/')] = await readFile(path, 'utf8');
    }
    if (!files['index.d.ts']) throw new Error(`kube declarations: tsc emitted no index.d.ts\n${diagnostics}`);
    files['package.json'] = JSON.stringify({ name: 'kube', types: 'index.d.ts' });
    return { files, diagnostics };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
