/** The guest code built by vite-plugin.ts (see bundle.ts for what each string holds). */
declare module 'virtual:kube-sandbox-bundle' {
  export const prelude: string;
  export const kube: string;
}
