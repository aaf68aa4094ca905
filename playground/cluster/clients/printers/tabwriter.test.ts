import { describe, expect, it } from 'vitest';
import { KUBECTL_DESCRIBE, table, tabwrite } from './tabwriter';

describe('tabwrite', () => {
  it('pads every column but the last to its widest cell plus 3, at least 6', () => {
    expect(
      table([
        ['NAME', 'STATUS', 'AGE'],
        ['default', 'Active', '5d'],
        ['kube-node-lease', 'Active', '5d'],
      ]),
    ).toBe(['NAME              STATUS   AGE', 'default           Active   5d', 'kube-node-lease   Active   5d'].join('\n'));
    expect(table([['A', 'B'], ['x', 'y']])).toBe('A     B\nx     y');
  });

  it('ends a column block at a line with fewer cells, as describe relies on', () => {
    const text = ['Name:\tnginx', 'Service Account:\tdefault', 'IPs:', '  IP:\t10.0.0.1', 'Containers:', '    Restart Count:\t0', '      Started:\tnow', 'Events:\t<none>'].join('\n');
    expect(tabwrite(text, KUBECTL_DESCRIBE)).toBe(
      [
        'Name:             nginx',
        'Service Account:  default',
        'IPs:',
        '  IP:  10.0.0.1',
        'Containers:',
        '    Restart Count:  0',
        '      Started:      now',
        'Events:             <none>',
      ].join('\n'),
    );
  });

  it('counts runes, not UTF-16 units', () => {
    expect(table([['É', 'x'], ['ab', 'y']])).toBe('É     x\nab    y');
  });
});
