/**
 * Steps run as global scripts in one sandbox, so step 3 may use `cluster` from step 1. The editor
 * type-checks each step on its own, as a module (top-level await needs that), so it would call
 * `cluster` unknown. earlierStepsLib gives it the earlier steps as one extra module whose
 * top-level names are re-declared as globals with their inferred types:
 *
 *     var createCluster = __kube.createCluster;      // was: import { createCluster } from "kube"
 *     const cluster = createCluster({ nodes: 2 });
 *     export { cluster };
 *     declare global { var cluster: typeof import("./earlier-steps").cluster; }
 *
 * Imports become `var`s (two steps may import the same name) and stay local: the sandbox's import
 * transform does not make imported names global either.
 */

/** EARLIER_STEPS_FILE is the lib's file name; the `declare global` block imports itself through it. */
export const EARLIER_STEPS_FILE = 'earlier-steps';

const IMPORT_PATTERN = /^[ \t]*import\s+(type\s+)?([\s\S]*?)\s+from\s+(['"])kube\3\s*;?/gm;

function rewriteImport(isTypeOnly: boolean, clause: string): string {
  const out: string[] = [];
  const namespace = /^\*\s+as\s+([\w$]+)$/.exec(clause.trim());
  if (namespace) return isTypeOnly ? '' : `var ${namespace[1]} = __kube;`;
  const named = /\{([\s\S]*)\}/.exec(clause);
  const defaultName = /^([\w$]+)\s*(,|$)/.exec(clause.trim())?.[1];
  if (defaultName && !isTypeOnly) out.push(`var ${defaultName} = (__kube as any).default;`);
  for (const part of named ? named[1].split(',') : []) {
    const spec = part.trim();
    if (!spec) continue;
    const typeOnly = isTypeOnly || spec.startsWith('type ');
    const [imported, local = imported] = spec.replace(/^type\s+/, '').split(/\s+as\s+/).map((s) => s.trim());
    // Two steps importing the same type clash as aliases, but the service reports errors only for
    // the step being edited, and the first alias still gives the name its type.
    out.push(typeOnly ? `type ${local} = import("kube").${imported};` : `var ${local} = __kube.${imported};`);
  }
  return out.join(' ');
}

/**
 * topLevelNames finds the names a step declares at its top level (lines that start at column 0):
 * `const x`, `let { a, b: c }`, `function f`, `class C`. Steps are short and formatted, so a line
 * scan is enough; a name it misses only costs a completion, never a wrong run.
 */
export function topLevelNames(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/^(?:export\s+)?(?:const|let|var)\s+([\w$]+|\{[^}]*\}|\[[^\]]*\])/gm)) {
    const binding = match[1];
    if (binding.startsWith('{') || binding.startsWith('[')) {
      for (const part of binding.slice(1, -1).split(',')) {
        const name = part.split(':').pop()!.split('=')[0].replace('...', '').trim();
        if (/^[\w$]+$/.test(name)) names.add(name);
      }
    } else names.add(binding);
  }
  for (const match of source.matchAll(/^(?:export\s+)?(?:async\s+)?(?:function\*?|class)\s+([\w$]+)/gm)) names.add(match[1]);
  return [...names];
}

/** earlierStepsLib builds the extra module that makes the earlier steps' names global for the editor. */
export function earlierStepsLib(sources: readonly string[]): string {
  const parts = ['declare var __kube: typeof import("kube");'];
  const names = new Set<string>();
  sources.forEach((source, index) => {
    for (const name of topLevelNames(source)) names.add(name);
    const body = source
      .replace(IMPORT_PATTERN, (_match, typeKeyword: string | undefined, clause: string) => rewriteImport(Boolean(typeKeyword), clause))
      .replace(/^[ \t]*export\s+(?=(const|let|var|function|class|async|interface|type)\b)/gm, '');
    parts.push(`// step ${index + 1}\n${body}`);
  });
  parts.push(`export { ${[...names].join(', ')} };`);
  const globals = [...names].map((name) => `  var ${name}: typeof import("./${EARLIER_STEPS_FILE}").${name};`);
  parts.push(`declare global {\n${globals.join('\n')}\n}`);
  return parts.join('\n');
}
