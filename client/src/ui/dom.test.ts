/** @jest-environment jsdom */
import { h, replaceChildren, safeColor, safeUrl, setSafeAttribute } from './dom';
import { KeyedList } from './keyed-list';

const XSS_CORPUS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=1"><script>window.__xss=1</script></svg>',
  'javascript:window.__xss=1',
  '"><iframe srcdoc="<script>parent.__xss=1</script>">',
  '‮txt.exe\u200b\u0000 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩🏽‍💻 ﷽',
  '{{constructor.constructor("window.__xss=1")()}}',
];

describe('dom helpers', () => {
  it('should render hostile text as text, never as markup', () => {
    for (const text of XSS_CORPUS) {
      const element = h('p', null, text, ' ', h('strong', null, text));
      expect(element.textContent).toBe(`${text} ${text}`);
      expect(element.querySelector('script, img, svg, iframe')).toBeNull();
      expect(element.children).toHaveLength(1);
    }
  });

  it('should refuse event handler, style and srcdoc attributes', () => {
    const element = document.createElement('div');
    expect(() => setSafeAttribute(element, 'onclick', 'alert(1)')).toThrow();
    expect(() => setSafeAttribute(element, 'ONERROR', 'alert(1)')).toThrow();
    expect(() => setSafeAttribute(element, 'style', 'color:red')).toThrow();
    expect(() => h('iframe', { attrs: { srcdoc: '<script></script>' } })).toThrow();
  });

  it('should drop unsafe URLs from links and frames', () => {
    expect(h('a', { attrs: { href: 'javascript:alert(1)' } }).hasAttribute('href')).toBe(false);
    expect(h('a', { attrs: { href: ' JaVaScRiPt:alert(1)' } }).hasAttribute('href')).toBe(false);
    expect(
      h('iframe', { attrs: { src: 'data:text/html,<script>alert(1)</script>' } }).hasAttribute('src'),
    ).toBe(false);
    expect(h('a', { attrs: { href: '/events/silks-2020' } }).getAttribute('href')).toBe('/events/silks-2020');
    expect(safeUrl('//evil.example/x')).toBeUndefined();
    expect(safeUrl('https://video.example.org/embed/1')).toBe('https://video.example.org/embed/1');
  });

  it('should accept only #RRGGBB colours for track swatches', () => {
    expect(safeColor('#1d4f91')).toBe('#1d4f91');
    expect(safeColor('red;background:url(x)')).toBeUndefined();
  });

  it('should set CSS variables through the CSSOM and skip empty children', () => {
    const element = h('div', { class: ['a', false, 'b'], vars: { '--col': '2' } }, null, undefined, false, [
      1,
      ['x'],
    ]);
    expect(element.className).toBe('a b');
    expect(element.style.getPropertyValue('--col')).toBe('2');
    expect(element.textContent).toBe('1x');
    replaceChildren(element, 'y');
    expect(element.textContent).toBe('y');
  });
});

describe('KeyedList', () => {
  it('should reuse unchanged items, replace changed ones and keep focus in a replaced item', () => {
    const container = document.createElement('ul');
    document.body.append(container);
    let renders = 0;
    const list = new KeyedList<{ id: string; v: number }>(container, {
      key: (item) => item.id,
      signature: (item) => String(item.v),
      render: (item) => {
        renders += 1;
        return h('li', null, h('button', { attrs: { 'data-action': 'vote' } }, `${item.id}${item.v}`));
      },
    });
    list.update([
      { id: 'a', v: 1 },
      { id: 'b', v: 1 },
    ]);
    const first = container.children[0];
    container.querySelectorAll('button')[1].focus();
    list.update([
      { id: 'b', v: 2 },
      { id: 'a', v: 1 },
    ]);
    expect(renders).toBe(3);
    expect([...container.children].map((li) => li.textContent)).toEqual(['b2', 'a1']);
    expect(container.children[1]).toBe(first);
    expect(document.activeElement?.textContent).toBe('b2');
    list.update([{ id: 'a', v: 1 }]);
    expect(container.children).toHaveLength(1);
  });
});
