import { fingerprintOf } from '../format/fingerprint';

/** The address's visual fingerprint (format/fingerprint.ts), as a small SVG; decorative for screen readers. */
export function FingerprintIcon({ address, size = 20 }: { address: string; size?: number }) {
  const { cells, hues } = fingerprintOf(address);
  return (
    <svg
      className="fingerprint"
      width={size}
      height={size}
      viewBox="0 0 5 5"
      aria-hidden="true"
      data-fingerprint={address.toLowerCase()}
      shapeRendering="crispEdges"
    >
      <rect width="5" height="5" className="fingerprint-bg" />
      {cells.flatMap((row, y) =>
        row.map((cell, x) =>
          cell === 0 ? null : (
            <rect
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed 5×5 grid; position is identity
              key={`${x}-${y}`}
              x={x}
              y={y}
              width="1"
              height="1"
              fill={`hsl(${hues[cell - 1]} 70% var(--fingerprint-lightness))`}
            />
          ),
        ),
      )}
    </svg>
  );
}
