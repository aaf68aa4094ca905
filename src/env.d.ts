/// <reference types="astro/client" />

// tsc (TypeScript 7, native) cannot read .astro files and @astrojs/check requires TypeScript 5/6,
// so .ts files that import components see them through this declaration. Astro itself checks
// component props when it compiles them.
declare module '*.astro' {
  import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
  const component: AstroComponentFactory;
  export default component;
}
