import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * axe-core's serious and critical findings on the page as it is now, one line each. `contrastOnly`
 * checks colour contrast alone: for a second theme, where only the colours differ.
 */
export async function seriousViolations(
  page: Page,
  options: { contrastOnly?: boolean } = {},
): Promise<string[]> {
  // A chart is one role="img" with its figure in words; its SVG inside is presentation (and costly to scan).
  const builder = new AxeBuilder({ page }).exclude('.chart-box > *');
  if (options.contrastOnly) builder.withRules(['color-contrast']);
  else builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}
