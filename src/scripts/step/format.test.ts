import { describe, expect, it } from 'vitest';
import { errorTitle, formatDuration, formatVirtualTime, plural, positionLabel } from './format';

describe('output wording', () => {
  it('pluralises counts', () => {
    expect(plural(1, 'key')).toBe('1 key');
    expect(plural(0, 'key')).toBe('0 keys');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('writes real and virtual time the way a reader reads them', () => {
    expect(formatDuration(84.4)).toBe('84 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatVirtualTime(4250)).toBe('4.25 s');
    expect(formatVirtualTime(0)).toBe('0 s');
    expect(formatVirtualTime(150_000)).toBe('2 min 30 s');
  });

  it('names the step an error happened in', () => {
    const error = { kind: 'StepSyntaxError' as const, step: 2, message: 'x', stack: '' };
    expect(errorTitle(error, ['Step 1 · Nodes', 'Step 2 · Pods'])).toBe('Syntax error in Step 2 · Pods');
    expect(errorTitle({ ...error, step: 3 }, [])).toBe('Syntax error in step 3');
    expect(errorTitle({ ...error, kind: 'SandboxCrash', step: 0 }, [])).toBe('The sandbox crashed while starting the sandbox');
    expect(positionLabel(3, 7)).toBe('line 3, column 7');
  });
});
