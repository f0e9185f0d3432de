/**
 * Typed DOM helpers. Every piece of user data reaches the page through text nodes or vetted attributes:
 * there is no innerHTML anywhere in the client, and the helpers refuse event-handler attributes, inline
 * styles and unsafe URLs so a careless call site cannot open a hole either.
 */

export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Listener<K extends keyof HTMLElementEventMap> = (event: HTMLElementEventMap[K]) => void;
export type Listeners = { [K in keyof HTMLElementEventMap]?: Listener<K> };

export interface ElementProps {
  class?: string | readonly (string | false | null | undefined)[];
  id?: string;
  /** Plain attributes; `true` sets an empty attribute, `false`/`undefined` leaves it out. */
  attrs?: Record<string, string | number | boolean | undefined | null>;
  on?: Listeners;
  /** CSS custom properties set through the CSSOM (allowed by the CSP, unlike style attributes). */
  vars?: Record<string, string>;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'data']);
const FORBIDDEN_ATTRIBUTES = new Set(['style', 'srcdoc']);

/** An http(s) or same-origin path URL, or undefined for anything else (javascript:, data:, vbscript:, …). */
export function safeUrl(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed.startsWith('/') && !trimmed.startsWith('//') && !trimmed.startsWith('/\\')) {
    return trimmed;
  }
  try {
    const url = new URL(trimmed);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Sets an attribute unless it could run code: on* handlers, style, srcdoc and unsafe URLs are refused. */
export function setSafeAttribute(element: Element, name: string, value: string): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('on') || FORBIDDEN_ATTRIBUTES.has(lower)) {
    throw new Error(`Refusing to set the ${name} attribute`);
  }
  if (URL_ATTRIBUTES.has(lower)) {
    const url = safeUrl(value);
    if (url === undefined) {
      return;
    }
    element.setAttribute(name, url);
    return;
  }
  element.setAttribute(name, value);
}

export function appendChildren(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (typeof child === 'string' || typeof child === 'number') {
      parent.appendChild(document.createTextNode(String(child)));
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else {
      appendChildren(parent, child);
    }
  }
}

export function classNames(value: ElementProps['class']): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  return value.filter((item): item is string => typeof item === 'string' && item.length > 0).join(' ');
}

/** Creates an element; string children become text nodes, never markup. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: ElementProps | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props) {
    const className = classNames(props.class);
    if (className) {
      element.className = className;
    }
    if (props.id) {
      element.id = props.id;
    }
    for (const [name, value] of Object.entries(props.attrs ?? {})) {
      if (value === undefined || value === null || value === false) {
        continue;
      }
      setSafeAttribute(element, name, value === true ? '' : String(value));
    }
    for (const [name, value] of Object.entries(props.vars ?? {})) {
      element.style.setProperty(name, value);
    }
    for (const [type, listener] of Object.entries(props.on ?? {})) {
      element.addEventListener(type, listener as EventListener);
    }
  }
  appendChildren(element, children);
  return element;
}

/** Replaces an element's children with the given ones (text stays text). */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  appendChildren(parent, children);
}

/** Looks an element up and checks its type instead of casting. */
export function requireElement<T extends Element>(
  selector: string,
  type: new () => T,
  root: ParentNode = document,
): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) {
    throw new Error(`Expected ${selector} to be a ${type.name}`);
  }
  return element;
}

let idCounter = 0;
/** A document-unique id for label/input pairs. */
export function uid(prefix = 'f'): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A `#RRGGBB` colour or undefined: track colours end up in CSS custom properties. */
export function safeColor(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value) ? value : undefined;
}

/** Triggers a download of text content the client fetched (CSV exports need the bearer token). */
export function downloadText(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { attrs: { download: filename } });
  link.href = url;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
