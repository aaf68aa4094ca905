import { describe, expect, it } from 'vitest';
import { goDuration, imageDigestRef, imagePullFails, imageSize, normalizeImage } from './images';

describe('images', () => {
  it('expands short references the way containerd does', () => {
    expect(normalizeImage('nginx:1.27')).toBe('docker.io/library/nginx:1.27');
    expect(normalizeImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizeImage('bitnami/redis:7')).toBe('docker.io/bitnami/redis:7');
    expect(normalizeImage('registry.k8s.io/pause:3.10')).toBe('registry.k8s.io/pause:3.10');
    expect(normalizeImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
  });

  it('gives stable digests and the real size of nginx:1.27', () => {
    expect(imageDigestRef('nginx:1.27')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageDigestRef('nginx:1.27')).toBe(imageDigestRef('docker.io/library/nginx:1.27'));
    expect(imageDigestRef('nginx:1.27')).not.toBe(imageDigestRef('nginx:1.26'));
    expect(imageSize('nginx:1.27')).toBe(72195292);
  });

  it('fails images named doesnotexist or tagged broken', () => {
    expect(imagePullFails('nginx:doesnotexist')).toBe(true);
    expect(imagePullFails('example/doesnotexist')).toBe(true);
    expect(imagePullFails('nginx:broken')).toBe(true);
    expect(imagePullFails('nginx:1.27')).toBe(false);
  });

  it('prints durations like Go', () => {
    expect(goDuration(512)).toBe('512ms');
    expect(goDuration(2000)).toBe('2s');
    expect(goDuration(2500)).toBe('2.5s');
    expect(goDuration(64_000)).toBe('1m4s');
    expect(goDuration(64_100)).toBe('1m4.1s');
    expect(goDuration(1_500.25)).toBe('1.5s');
  });

  it('prints every whole number of ms under a minute as the seconds rounded to three decimals and trimmed', () => {
    for (let ms = 1000; ms < 60_000; ms++) expect(goDuration(ms)).toBe(`${Number((ms / 1000).toFixed(3))}s`);
  });
});
