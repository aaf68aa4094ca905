import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitKubeDeclarations } from './kube-declarations';

const projectRoot = join(import.meta.dirname, '..', '..');

describe('emitKubeDeclarations', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('emits declarations with doc comments for the entry and the files it imports', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kube-dts-test-'));
    dirs.push(root);
    await mkdir(join(root, 'node_modules'), { recursive: true });
    await symlink(join(projectRoot, 'node_modules', '.bin'), join(root, 'node_modules', '.bin'));
    await mkdir(join(root, 'src', 'sim'), { recursive: true });
    await writeFile(join(root, 'src', 'sim', 'clock.ts'), '/** Clock counts virtual ms. */\nexport class Clock { now = 0; }\n');
    await writeFile(
      join(root, 'src', 'index.ts'),
      "import { Clock } from './sim/clock';\n/** createCluster starts a cluster with the given nodes. */\nexport function createCluster(options: { nodes?: number } = {}) { return { clock: new Clock(), nodes: options.nodes ?? 1 }; }\n",
    );
    const { files, diagnostics } = await emitKubeDeclarations({ root, entry: 'src/index.ts' });
    expect(diagnostics).toBe('');
    expect(Object.keys(files).sort()).toEqual(['index.d.ts', 'package.json', 'sim/clock.d.ts']);
    expect(files['index.d.ts']).toContain('/** createCluster starts a cluster with the given nodes. */');
    expect(files['index.d.ts']).toMatch(/export declare function createCluster\(options\?: \{\s*nodes\?: number;\s*\}\): \{\s*clock: Clock;/);
    expect(files['sim/clock.d.ts']).toContain('export declare class Clock');
    expect(JSON.parse(files['package.json'])).toEqual({ name: 'kube', types: 'index.d.ts' });
  });

  it('declares the real control plane with its doc comments, without type errors', async () => {
    const { files, diagnostics } = await emitKubeDeclarations({ root: projectRoot });
    expect(diagnostics).toBe('');
    expect(files['index.d.ts']).toMatch(/export \{ createCluster \} from '\.\/cluster\/create'/);
    // Hover docs in the editor come from these doc comments.
    expect(files['cluster/create.d.ts']).toMatch(/\/\*\*[^]*?\*\/\s*export declare function createCluster\(/);
  });

  it('says which entry is missing', async () => {
    await expect(emitKubeDeclarations({ root: projectRoot, entry: 'playground/nope/index.ts' })).rejects.toThrow(/playground\/nope\/index.ts does not exist/);
  });
});
