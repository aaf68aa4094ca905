import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serveStatic, type StaticServer } from './lib/static-server.ts';

// The test server must behave like a plain static host, at the root and under a sub-path.
let root: string;
let server: StaticServer;
let subPathServer: StaticServer;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'static-server-'));
  await mkdir(join(root, 'chapters', 'one'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<h1>home</h1>');
  await writeFile(join(root, '404.html'), '<h1>missing</h1>');
  await writeFile(join(root, 'chapters', 'one', 'index.html'), '<h1>one</h1>');
  await writeFile(join(root, 'sandbox.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(join(root, 'app.js'), 'export {}');
  await writeFile(join(root, 'site.css'), 'body{}');
  server = await serveStatic({ root });
  subPathServer = await serveStatic({ root, base: '/kube-api/' });
});
after(async () => {
  await server?.close();
  await subPathServer?.close();
  await rm(root, { recursive: true, force: true });
});

const get = (url: string) => fetch(url, { redirect: 'manual' });

describe('static server', () => {
  test('serves files with the right MIME types, including wasm', async () => {
    const expected: Record<string, string> = {
      'sandbox.wasm': 'application/wasm',
      'app.js': 'text/javascript; charset=utf-8',
      'site.css': 'text/css; charset=utf-8',
      '': 'text/html; charset=utf-8',
    };
    for (const [path, type] of Object.entries(expected)) {
      const response = await get(server.url + path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), type, path);
    }
  });

  test('serves directory index pages and redirects to the trailing slash', async () => {
    assert.equal(await (await get(server.url + 'chapters/one/')).text(), '<h1>one</h1>');
    const redirect = await get(server.url + 'chapters/one');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/chapters/one/');
  });

  test('answers unknown paths and path traversal with 404.html and status 404', async () => {
    const missing = await get(server.url + 'nope/');
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), '<h1>missing</h1>');
    const traversal = await get(`${server.origin}/..%2f..%2fetc/passwd`);
    assert.equal(traversal.status, 404);
  });

  test('serves the site under a sub-path and nothing outside it', async () => {
    assert.equal(subPathServer.url, `${subPathServer.origin}/kube-api/`);
    assert.equal(await (await get(subPathServer.url + 'chapters/one/')).text(), '<h1>one</h1>');
    assert.equal((await get(`${subPathServer.origin}/chapters/one/`)).status, 404);
    const bare = await get(`${subPathServer.origin}/kube-api`);
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('location'), '/kube-api/');
  });
});
