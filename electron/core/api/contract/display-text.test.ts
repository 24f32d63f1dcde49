import { describe, expect, it } from 'vitest';
import { displayText, escapeJsonText, hasHiddenCharacters } from './display-text';

describe('displayText shows what text from owners and files would hide', () => {
  it('marks bidi overrides, isolates and zero-width characters instead of obeying them', () => {
    const title = 'Admit prosumer \u202e5B20…EB2x0\u202c';
    expect(displayText(title)).toBe('Admit prosumer ⟦U+202E⟧5B20…EB2x0⟦U+202C⟧');
    expect(displayText('a\u2066b\u2069c\u200bd\ufeff\u061c')).toBe(
      'a⟦U+2066⟧b⟦U+2069⟧c⟦U+200B⟧d⟦U+FEFF⟧⟦U+061C⟧',
    );
  });

  it('puts every kind of line break on one line, visibly', () => {
    const reason = 'late meter reading\nAdmit prosumer 0x1234…5678\r\nx\u2028y\u2029z\u0085w';
    const shown = displayText(reason);
    expect(shown).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
    expect(shown).toBe('late meter reading ⏎ Admit prosumer 0x1234…5678 ⏎ x ⏎ y ⏎ z ⏎ w');
  });

  it('leaves ordinary text (accents, quotes, emoji, right-to-left script) alone', () => {
    for (const text of ['Réglé: “meter 17” ✅', 'عداد معطل', 'Reject 0xAbC…123: duplicate KYC']) {
      expect(displayText(text)).toBe(text);
      expect(hasHiddenCharacters(text)).toBe(false);
    }
    expect(hasHiddenCharacters('x\u202ey')).toBe(true);
  });

  it('escapes the same characters in JSON without changing the parsed value', () => {
    const value = { reason: 'a\u202eb\u2028c\nd' };
    const json = escapeJsonText(JSON.stringify(value));
    expect(json).toBe('{"reason":"a\\u202eb\\u2028c\\nd"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});
