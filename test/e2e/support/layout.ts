import type { Page } from '@playwright/test';

/** The little of the DOM the checks below read (the tests are type-checked without the DOM library). */
interface Box {
  left: number;
  right: number;
  width: number;
}
interface Element {
  tagName: string;
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  offsetParent: unknown;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
}
interface Window {
  innerWidth: number;
  document: {
    documentElement: Element;
    querySelector(selector: string): Element | null;
    querySelectorAll(selector: string): ArrayLike<Element>;
  };
  getComputedStyle(element: Element): { overflow: string; textOverflow: string; backgroundColor: string };
}

/**
 * What a look at the page would flag first: horizontal scroll, any of `boxes` reaching past the
 * window's left or right edge, text of `texts` cut by its own box (not an ellipsis on purpose),
 * `scrollers` with more than `sidewaysTolerance` px (default 1) of their content out of view
 * sideways, and placeholder words in `main`.
 */
export function layoutProblems(
  page: Page,
  selectors: { boxes?: string; texts?: string; scrollers?: string; sidewaysTolerance?: number },
): Promise<string[]> {
  return page.evaluate(({ boxes, texts, scrollers, sidewaysTolerance = 1 }) => {
    const w = globalThis as unknown as Window;
    const d = w.document;
    const found: string[] = [];
    const width = d.documentElement.clientWidth;
    const overflow = d.documentElement.scrollWidth - w.innerWidth;
    if (overflow > 0) found.push(`${overflow} px of horizontal scroll`);
    const name = (e: Element) => `<${e.tagName.toLowerCase()} class="${e.getAttribute('class') ?? ''}">`;
    for (const e of Array.from(boxes ? d.querySelectorAll(boxes) : [])) {
      const box = e.getBoundingClientRect();
      if (box.width > 0 && (box.right > width + 0.5 || box.left < -0.5))
        found.push(`${name(e)} spans ${Math.round(box.left)}–${Math.round(box.right)} px of ${width}`);
    }
    for (const e of Array.from(texts ? d.querySelectorAll(texts) : [])) {
      const style = w.getComputedStyle(e);
      // Not shown (no parent box, or no width: a column collapsed on purpose), or cut on purpose.
      if (
        e.offsetParent === null ||
        e.clientWidth === 0 ||
        style.overflow === 'visible' ||
        style.textOverflow === 'ellipsis'
      )
        continue;
      if (e.scrollWidth > e.clientWidth + 1)
        found.push(`text cut in ${name(e)}: "${e.textContent?.trim().slice(0, 60)}"`);
    }
    for (const e of Array.from(scrollers ? d.querySelectorAll(scrollers) : [])) {
      const hidden = e.scrollWidth - e.clientWidth;
      if (hidden > sidewaysTolerance) found.push(`${name(e)} scrolls sideways: ${hidden} px out of view`);
    }
    const text = d.querySelector('main')?.textContent ?? '';
    for (const word of ['TODO', 'Lorem', 'undefined', 'NaN', '[object Object]'])
      if (text.includes(word)) found.push(`"${word}" on the page`);
    return found;
  }, selectors);
}

/** The computed background colour of the first element matching each selector ("rgb(…)"). */
export function backgroundsOf(page: Page, selectors: string[]): Promise<string[]> {
  return page.evaluate((all) => {
    const w = globalThis as unknown as Window;
    return all.map((s) => {
      const e = w.document.querySelector(s);
      return e ? w.getComputedStyle(e).backgroundColor : 'none';
    });
  }, selectors);
}
