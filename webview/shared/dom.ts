// The one element factory the pages use: text through textContent (never innerHTML with data),
// classes for styling (the CSP allows no inline styles).
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** A titled section appended to `parent` (the preview and report pages are lists of these). */
export function section(parent: HTMLElement, title: string, id: string): HTMLElement {
  const s = el('section', undefined, 'preview-section');
  s.id = id;
  s.append(el('h2', title));
  parent.append(s);
  return s;
}
