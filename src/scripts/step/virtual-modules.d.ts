/** virtual:kube-types is generated at build time by playground/types/vite-plugin.ts. */
declare module 'virtual:kube-types' {
  /** Path inside the virtual `kube` package (`index.d.ts`, `sim/trace.d.ts`, `package.json`) → text. */
  const files: Record<string, string>;
  export default files;
}
