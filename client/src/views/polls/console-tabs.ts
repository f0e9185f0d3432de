import type { AppContext } from '../../app-context';
import type { MessageKey } from '../../i18n/i18n';
import { h, uid } from '../../ui/dom';

export interface ConsoleTab {
  label: MessageKey;
  /** Built the first time the tab is shown. */
  render: () => HTMLElement | Promise<HTMLElement>;
}

/**
 * Tabs of the moderator console (WAI-ARIA tabs pattern: arrow keys move between tabs, Tab enters the panel).
 * A panel is built when first shown and kept, so switching back loses nothing.
 */
export function consoleTabs(ctx: AppContext, tabs: readonly ConsoleTab[]): HTMLElement {
  const id = uid('console-tab');
  const panels = tabs.map((_, index) =>
    h('div', {
      id: `${id}-panel-${index}`,
      class: 'console-tab-panel',
      attrs: { role: 'tabpanel', 'aria-labelledby': `${id}-${index}`, hidden: index !== 0, tabindex: 0 },
    }),
  );
  const built = new Set<number>();
  const buttons: HTMLButtonElement[] = tabs.map((tab, index) =>
    h(
      'button',
      {
        id: `${id}-${index}`,
        class: 'console-tab',
        attrs: {
          type: 'button',
          role: 'tab',
          'aria-controls': `${id}-panel-${index}`,
          'aria-selected': String(index === 0),
          tabindex: index === 0 ? 0 : -1,
        },
        on: {
          click: () => select(index),
          keydown: (event) => {
            const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
            if (step !== 0) {
              event.preventDefault();
              const next = (index + step + tabs.length) % tabs.length;
              select(next);
              buttons[next].focus();
            }
          },
        },
      },
      ctx.t(tab.label),
    ),
  );
  const select = (index: number) => {
    buttons.forEach((button, other) => {
      button.setAttribute('aria-selected', String(other === index));
      button.tabIndex = other === index ? 0 : -1;
      panels[other].hidden = other !== index;
    });
    if (!built.has(index)) {
      built.add(index);
      void Promise.resolve(tabs[index].render()).then((content) => panels[index].replaceChildren(content));
    }
  };
  select(0);
  return h(
    'div',
    { class: 'console-tabs' },
    h('div', { class: 'console-tablist', attrs: { role: 'tablist' } }, buttons),
    panels,
  );
}
