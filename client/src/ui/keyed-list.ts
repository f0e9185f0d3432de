/**
 * Renders a list into a container, reusing the element of every item whose signature did not change, so
 * live updates neither lose keyboard focus nor make screen readers re-read the whole list.
 */
export class KeyedList<T> {
  private readonly nodes = new Map<string, { element: HTMLElement; signature: string }>();
  private readonly container: HTMLElement;
  private readonly key: (item: T) => string;
  private readonly signature: (item: T) => string;
  private readonly render: (item: T) => HTMLElement;

  constructor(
    container: HTMLElement,
    options: { key: (item: T) => string; signature: (item: T) => string; render: (item: T) => HTMLElement },
  ) {
    this.container = container;
    this.key = options.key;
    this.signature = options.signature;
    this.render = options.render;
  }

  update(items: readonly T[]): void {
    const active = document.activeElement;
    let focusKey: string | null = null;
    let focusAction: string | null = null;
    const wanted = new Set<string>();
    const ordered: HTMLElement[] = [];
    for (const item of items) {
      const key = this.key(item);
      wanted.add(key);
      const signature = this.signature(item);
      const existing = this.nodes.get(key);
      if (existing && existing.signature === signature) {
        ordered.push(existing.element);
        continue;
      }
      if (existing && active instanceof HTMLElement && existing.element.contains(active)) {
        focusKey = key;
        focusAction = active.dataset['action'] ?? null;
      }
      existing?.element.remove();
      const element = this.render(item);
      element.dataset['key'] = key;
      this.nodes.set(key, { element, signature });
      ordered.push(element);
    }
    for (const [key, node] of this.nodes) {
      if (!wanted.has(key)) {
        node.element.remove();
        this.nodes.delete(key);
      }
    }
    // Move only what is out of place: untouched nodes keep their identity (and focus).
    let cursor: ChildNode | null = this.container.firstChild;
    for (const element of ordered) {
      if (cursor === element) {
        cursor = cursor.nextSibling;
        continue;
      }
      this.container.insertBefore(element, cursor);
    }
    while (cursor) {
      const next: ChildNode | null = cursor.nextSibling;
      if (
        cursor instanceof HTMLElement &&
        cursor.dataset['key'] !== undefined &&
        !wanted.has(cursor.dataset['key'])
      ) {
        cursor.remove();
      }
      cursor = next;
    }
    if (focusKey !== null) {
      const replaced = this.nodes.get(focusKey)?.element;
      const target =
        (focusAction ? replaced?.querySelector<HTMLElement>(`[data-action="${focusAction}"]`) : null) ??
        replaced?.querySelector<HTMLElement>('button, a, input, select, textarea');
      target?.focus();
    }
  }

  clear(): void {
    for (const node of this.nodes.values()) {
      node.element.remove();
    }
    this.nodes.clear();
  }
}
