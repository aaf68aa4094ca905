/**
 * mermaidFences is a Sätteri mdast plugin: it turns every ```mermaid fence in Markdown/MDX into
 * `<MermaidDiagram code="..." />`, which the chapter page maps to
 * src/components/diagram/MermaidDiagram.astro. Rendering then happens in an Astro component
 * (async, at build time) instead of inside the Markdown compiler.
 */

interface CodeNode {
  type: 'code';
  lang?: string | null;
  value: string;
}

interface PluginContext {
  replaceNode(node: CodeNode, replacement: unknown): void;
}

/** mermaidComponentName is the JSX name the plugin emits; MDX pages must map it to a component. */
export const mermaidComponentName = 'MermaidDiagram';

/** mermaidFences is the plugin object, passed to `satteri({ mdastPlugins: [mermaidFences] })`. */
export const mermaidFences = {
  name: 'kube-api-mermaid-fences',
  code(node: CodeNode, ctx: PluginContext): void {
    if (node.lang !== 'mermaid') return;
    ctx.replaceNode(node, {
      type: 'mdxJsxFlowElement',
      name: mermaidComponentName,
      attributes: [{ type: 'mdxJsxAttribute', name: 'code', value: node.value }],
      children: [],
    });
  },
};
