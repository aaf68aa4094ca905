/**
 * h builds DOM elements from a tag, attributes and children: the output panel is made of many
 * small elements, and text always goes in as text nodes, so nothing a run prints can inject HTML.
 */

/** Child is anything h() accepts as a child; null, undefined and false are skipped. */
export type Child = Node | string | number | null | undefined | false;

/** Attributes sets attributes (strings, or booleans for presence) and `on<event>` listeners. */
export type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/** h creates an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** append adds children to a parent, text as text nodes. */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** visuallyHidden wraps text that only screen readers should hear. */
export function visuallyHidden(text: string): HTMLSpanElement {
  return h('span', { class: 'sr-only' }, text);
}
