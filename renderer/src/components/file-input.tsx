import { useId } from 'react';

/** A labelled file chooser; hands the chosen file over and resets so the same file can be chosen again. */
export function FileInput({
  label,
  accept,
  onFile,
}: {
  label: string;
  accept?: string;
  onFile(file: File): void;
}) {
  const id = useId();
  return (
    <span className="file-input">
      <label htmlFor={id} className="button">
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept={accept}
        className="visually-hidden"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) onFile(file);
          event.currentTarget.value = '';
        }}
      />
    </span>
  );
}
