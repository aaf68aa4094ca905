import { describe, expect, it } from 'vitest';
import { buildKubeBundle, FIXTURE_KUBE_ENTRY } from './bundle';
import { kubeSandboxBundle, VIRTUAL_BUNDLE_ID } from './vite-plugin';

describe('kubeSandboxBundle', () => {
  it('serves the prebuilt prelude and kube module as strings and watches their sources', async () => {
    const plugin = kubeSandboxBundle({ entry: FIXTURE_KUBE_ENTRY });
    const resolveId = plugin.resolveId as (id: string) => string | undefined;
    const load = plugin.load as (this: { addWatchFile(file: string): void }, id: string) => Promise<string | undefined>;
    const resolved = resolveId(VIRTUAL_BUNDLE_ID)!;
    expect(resolveId('./other')).toBeUndefined();
    const watched: string[] = [];
    const code = (await load.call({ addWatchFile: (file) => watched.push(file) }, resolved))!;
    const bundle = await buildKubeBundle({ entry: FIXTURE_KUBE_ENTRY });
    const dataUrl = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
    const served = (await import(/* @vite-ignore */ dataUrl)) as { prelude: string; kube: string };
    expect({ prelude: served.prelude, kube: served.kube }).toEqual({ prelude: bundle.prelude, kube: bundle.kube });
    expect(bundle.kube).toMatch(/export\s*\{/);
    expect(bundle.prelude).not.toMatch(/\bexport\b\s*\{/);
    expect(watched.some((file) => file.endsWith('fixtures/mini-kube.ts'))).toBe(true);
    expect(watched.some((file) => file.endsWith('guest/prelude.ts'))).toBe(true);
  });
});
