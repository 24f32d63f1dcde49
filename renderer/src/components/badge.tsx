export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

/** A status word with a colour and a shape, so it reads without colour too. */
export function Badge({ tone, children }: { tone: Tone; children: string }) {
  const glyph = { ok: '●', warn: '▲', bad: '■', info: '◆', neutral: '○' }[tone];
  return (
    <span className={`badge badge-${tone}`}>
      <span aria-hidden="true">{glyph}</span> {children}
    </span>
  );
}
