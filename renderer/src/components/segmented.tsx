/** A row of mutually exclusive choices: one pressed button at a time; arrow keys move and choose. */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: ReadonlyArray<{ value: NoInfer<T>; label: string }>;
  value: T;
  onChange(value: NoInfer<T>): void;
}) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">{label}</legend>
      {options.map((option, i) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={option.value === value}
          tabIndex={option.value === value ? 0 : -1}
          onClick={() => onChange(option.value)}
          onKeyDown={(event) => {
            const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
            if (!step) return;
            event.preventDefault();
            const next = options[(i + step + options.length) % options.length];
            if (!next) return;
            onChange(next.value);
            const buttons = event.currentTarget.parentElement?.querySelectorAll('button');
            buttons?.[(i + step + options.length) % options.length]?.focus();
          }}
        >
          {option.label}
        </button>
      ))}
    </fieldset>
  );
}
