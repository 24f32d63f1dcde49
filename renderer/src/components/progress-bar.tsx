/** A labelled progress bar; indeterminate when the total is unknown. */
export function ProgressBar({
  label,
  done,
  total,
  detail,
}: {
  label: string;
  done: number;
  total: number;
  detail?: string;
}) {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <div className="progress">
      <div className="progress-label">
        <span>{label}</span>
        <span className="muted">{detail ?? (total > 0 ? `${Math.floor(fraction * 100)} %` : '')}</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total > 0 ? total : undefined}
        aria-valuenow={total > 0 ? done : undefined}
      >
        <div className="progress-fill" style={{ width: `${total > 0 ? fraction * 100 : 100}%` }} />
      </div>
    </div>
  );
}
