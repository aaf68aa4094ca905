import { describe, expect, it } from 'vitest';
import { finishSvg } from './svg';

const mermaidLike =
  '<svg id="d1" width="100%" style="max-width: 844.61279296875px;" viewBox="4 4 844.61279296875 367">' +
  '<path d="M-62.5625 -23.25 C-32.68952879393518 -23.25, 62.5625 -23.25"/><text>version 1.23456</text></svg>';

describe('finishSvg', () => {
  it('hides the SVG from screen readers', () => {
    expect(finishSvg(mermaidLike)).toMatch(/^<svg aria-hidden="true" focusable="false" id="d1"/);
  });
  it('keeps small diagrams at their own size and gives big ones a readable minimum width', () => {
    expect(finishSvg(mermaidLike)).toContain('style="max-width: 844.61px; min-width: 520px;"');
    const small = '<svg style="max-width: 300.5px;" viewBox="0 0 300 100"></svg>';
    expect(finishSvg(small)).toContain('min-width: 301px;');
  });
  it('rounds long coordinates in attributes but never touches label text', () => {
    const finished = finishSvg(mermaidLike);
    expect(finished).toContain('d="M-62.5625 -23.25 C-32.69 -23.25, 62.5625 -23.25"');
    expect(finished).toContain('viewBox="4 4 844.61 367"');
    expect(finished).toContain('<text>version 1.23456</text>');
  });
  it('keeps run-together path numbers apart, as a browser would parse them', () => {
    // "5.4.051234.204912" is three numbers: 5.4, .051234 and .204912; "-.001234" rounds to 0.
    const finished = finishSvg('<svg><path d="M5.4.051234.204912v17l-.1-.001234h3.1415926"/></svg>');
    expect(finished).toContain('d="M5.4 0.05 0.2v17l-.1 0h3.14"');
  });
  it('leaves short numbers alone, so compact arcs keep their flags', () => {
    const icon = '<svg><path d="M2 2a.5.5 0 011.0512.3z"/></svg>';
    expect(finishSvg(icon)).toContain('d="M2 2a.5.5 0 011.0512.3z"');
  });
});
