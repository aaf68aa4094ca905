import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { base64UrlEncode, decodeShareFragment, encodeShareFragment, MAX_SHARED_CODE_BYTES, ShareLinkError } from './share';

const code = `import { createCluster } from "kube";\n// Zoë's cluster: ünïcödé ✓ and emoji 🚀\nconst cluster = createCluster({ nodes: 2 });\nconsole.log(await cluster.kubectl("get nodes"));\n`;

describe('share links', () => {
  it('round-trips code, including non-ASCII text, through the URL fragment', () => {
    const fragment = encodeShareFragment({ step: '01-get-nodes', code });
    expect(fragment).toMatch(/^share=01-get-nodes\.[A-Za-z0-9_-]+$/);
    expect(decodeShareFragment(`#${fragment}`)).toEqual({ step: '01-get-nodes', code });
  });

  it('compresses repetitive code well below its size', () => {
    const long = code.repeat(40);
    expect(encodeShareFragment({ step: 's', code: long }).length).toBeLessThan(long.length / 5);
  });

  it('ignores fragments that are not share links', () => {
    expect(decodeShareFragment('')).toBeUndefined();
    expect(decodeShareFragment('#section-2')).toBeUndefined();
  });

  it('explains a link that was cut short or mangled', () => {
    const fragment = encodeShareFragment({ step: 'a', code });
    expect(() => decodeShareFragment(fragment.slice(0, fragment.length - 10))).toThrow(ShareLinkError);
    expect(() => decodeShareFragment('share=a.%%%')).toThrow(/not valid base64url/);
    expect(() => decodeShareFragment('share=nocode')).toThrow(/names no step/);
  });

  it('refuses a link that inflates beyond the size limit', () => {
    const bomb = base64UrlEncode(deflateSync(new Uint8Array(MAX_SHARED_CODE_BYTES * 8).fill(32), { level: 9 }));
    expect(() => decodeShareFragment(`share=a.${bomb}`)).toThrow(/larger than 256 KB/);
  });

  it('refuses step ids that would break the fragment', () => {
    expect(() => encodeShareFragment({ step: 'a.b', code })).toThrow(ShareLinkError);
  });
});
