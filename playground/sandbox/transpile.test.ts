import { describe, expect, it } from 'vitest';
import { isTranspileFailure, transpileStep, type TranspiledStep } from './transpile';

function ok(source: string): TranspiledStep {
  const result = transpileStep(source, 'step-1.ts');
  if (isTranspileFailure(result)) throw new Error(`unexpected failure: ${result.message}`);
  return result;
}

describe('transpileStep', () => {
  it('keeps every line where it was, whatever TypeScript it strips', () => {
    const source = [
      'import { createCluster, type Cluster } from "kube";',
      'import type { Pod } from "kube";',
      'interface Local {',
      '  name: string;',
      '}',
      'enum Phase { Pending, Running }',
      'const cluster: Cluster = createCluster();',
      'function pick<T>(items: T[]): T | undefined { return items[0]; }',
      'console.log("marker-line-9", Phase.Running);',
    ].join('\n');
    const step = ok(source);
    const lines = step.code.split('\n');
    expect(lines.length).toBe(9);
    expect(lines[8]).toContain('marker-line-9');
    expect(lines[6]).toMatch(/const cluster = .*createCluster/);
    expect(step.code).toContain("require('kube')");
  });

  it('maps columns back across stripped annotations and renamed imports', () => {
    const source = 'import { createCluster } from "kube";\nconst c: Record<string, number> = createCluster() as any; const bad: number = c.x.y;';
    const step = ok(source);
    const jsLine = step.code.split('\n')[1];
    const tsColumn = source.split('\n')[1].indexOf('.y') + 1;
    const jsColumn = jsLine.indexOf('.y') + 1;
    expect(jsColumn).not.toBe(tsColumn);
    expect(step.toSource(2, jsColumn)).toEqual({ line: 2, column: tsColumn });
  });

  it('reports syntax errors with the 1-based TypeScript position', () => {
    expect(transpileStep('const a = 1;\nlet x: = 2;\n', 'step-3.ts')).toEqual({ message: 'Unexpected token', line: 2, column: 8 });
  });

  it('keeps modern syntax as written for QuickJS', () => {
    expect(ok('const a = b?.c ?? d;\nclass K { #x = 1; static y = 2 }').code).toContain('b?.c ?? d');
  });
});
