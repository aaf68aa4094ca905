import { describe, expect, it } from 'vitest';
import { CommandLineError, splitCommandLine } from './command-line';
import type { FlagSpec } from './flags';
import { parseFlags, UsageError } from './flags';

describe('splitCommandLine', () => {
  it('splits on whitespace and honours quotes and escapes like a shell', () => {
    expect(splitCommandLine('  kubectl get pods   -n kube-system ')).toEqual(['kubectl', 'get', 'pods', '-n', 'kube-system']);
    expect(splitCommandLine(`get pods -l 'app in (a, b)' --field-selector="status.phase!=Running"`)).toEqual([
      'get',
      'pods',
      '-l',
      'app in (a, b)',
      '--field-selector=status.phase!=Running',
    ]);
    expect(splitCommandLine(`label pod x note="say \\"hi\\"" a\\ b ''`)).toEqual(['label', 'pod', 'x', 'note=say "hi"', 'a b', '']);
  });

  it('rejects unterminated quotes', () => {
    expect(() => splitCommandLine(`get pods -l 'app=web`)).toThrow(CommandLineError);
    expect(() => splitCommandLine('get "pods')).toThrow(/unterminated double quote/);
  });
});

describe('parseFlags', () => {
  const specs: FlagSpec[] = [
    { name: 'namespace', short: 'n', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'watch', short: 'w', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'replicas', type: 'int' },
    { name: 'env', type: 'stringArray' },
  ];

  it('accepts every pflag spelling, interspersed with positionals', () => {
    const parsed = parseFlags(['pods', '-nkube-system', 'x', '--output=wide', '-Aw', '--replicas', '3', '--env', 'A=1', '--env=B=2', '--', '-y'], specs, 'get');
    expect(parsed.positionals).toEqual(['pods', 'x', '-y']);
    expect(parsed.flags).toMatchObject({ namespace: 'kube-system', output: 'wide', 'all-namespaces': true, watch: true, replicas: 3, env: ['A=1', 'B=2'] });
    expect(parseFlags(['-n=default', '--all-namespaces=false'], specs, 'get').flags).toMatchObject({ namespace: 'default', 'all-namespaces': false });
    expect(parseFlags([], specs, 'get').changed.size).toBe(0);
  });

  it('reports errors with pflag messages', () => {
    const message = (words: string[]) => {
      try {
        parseFlags(words, specs, 'get');
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(message(['--bogus'])).toBe('unknown flag: --bogus');
    expect(message(['-x'])).toBe("unknown shorthand flag: 'x' in -x");
    expect(message(['-n'])).toBe("flag needs an argument: 'n' in -n");
    expect(message(['--output'])).toBe('flag needs an argument: --output');
    expect(message(['--replicas=many'])).toBe('invalid argument "many" for "--replicas" flag: strconv.ParseInt: parsing "many": invalid syntax');
    expect(message(['--all-namespaces=maybe'])).toBe('invalid argument "maybe" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
  });
});
