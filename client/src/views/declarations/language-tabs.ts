import { h, uid } from '../../ui/dom';

export interface TabItem {
  label: string;
  /** BCP 47 tag of the panel's text, so screen readers pronounce it right. */
  lang: string;
  content: Node;
}

/**
 * WAI-ARIA tabs with automatic activation: arrow keys, Home and End move between tabs, Tab moves into the
 * panel. Only the selected tab is in the tab order.
 */
export function languageTabs(label: string, items: readonly TabItem[], selectedIndex = 0): HTMLElement {
  const base = uid('tabs');
  const tabs: HTMLButtonElement[] = [];
  const panels: HTMLElement[] = [];
  const select = (index: number, focus: boolean) => {
    tabs.forEach((tab, i) => {
      const selected = i === index;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panels[i].hidden = !selected;
    });
    if (focus) {
      tabs[index].focus();
    }
  };
  items.forEach((item, index) => {
    const tabId = `${base}-tab-${index}`;
    const panelId = `${base}-panel-${index}`;
    tabs.push(
      h(
        'button',
        {
          id: tabId,
          class: 'tab',
          attrs: { type: 'button', role: 'tab', 'aria-controls': panelId, lang: item.lang },
          on: {
            click: () => select(index, false),
            keydown: (event) => {
              const last = items.length - 1;
              const next =
                event.key === 'ArrowRight'
                  ? (index + 1) % items.length
                  : event.key === 'ArrowLeft'
                    ? (index + last) % items.length
                    : event.key === 'Home'
                      ? 0
                      : event.key === 'End'
                        ? last
                        : null;
              if (next !== null) {
                event.preventDefault();
                select(next, true);
              }
            },
          },
        },
        item.label,
      ),
    );
    panels.push(
      h(
        'div',
        {
          id: panelId,
          class: 'tab-panel',
          attrs: { role: 'tabpanel', 'aria-labelledby': tabId, tabindex: 0, lang: item.lang },
        },
        item.content,
      ),
    );
  });
  const element = h(
    'div',
    { class: 'language-tabs' },
    h('div', { class: 'tab-list', attrs: { role: 'tablist', 'aria-label': label } }, tabs),
    panels,
  );
  if (items.length > 0) {
    select(Math.min(selectedIndex, items.length - 1), false);
  }
  return element;
}
