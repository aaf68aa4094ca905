/**
 * Steps run as global scripts in one sandbox, so step 3 may use `cluster` from step 1. The editor
 * type-checks each step on its own, though; to know those names it gets the earlier steps as a
 * global script in which every `import … from "kube"` became a `var` read from the module's type
 * (vars may be declared twice, so two steps importing the same value do not clash).
 */

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

/** earlierStepsLib turns the earlier steps into one global script for the TypeScript service. */
export function earlierStepsLib(sources: readonly string[]): string {
  const parts = ['declare var __kube: typeof import("kube");'];
  sources.forEach((source, index) => {
    const body = source
      .replace(IMPORT_PATTERN, (_match, typeKeyword: string | undefined, clause: string) => rewriteImport(Boolean(typeKeyword), clause))
      .replace(/^[ \t]*export\s+(?=(const|let|var|function|class|async|interface|type)\b)/gm, '');
    parts.push(`// step ${index + 1}\n${body}`);
  });
  return parts.join('\n');
}
