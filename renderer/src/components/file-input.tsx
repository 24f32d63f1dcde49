import { useId, useState } from 'react';
import { formatCount } from '../format/units';
import { Badge } from './badge';

/**
 * A labelled file chooser; hands the chosen file over and resets so the same file can be chosen
 * again. A file over `maxBytes` is refused here, before it is read, with the limit named.
 */
export function FileInput({
  label,
  accept,
  maxBytes,
  onFile,
}: {
  label: string;
  accept?: string;
  maxBytes?: number;
  onFile(file: File): void;
}) {
  const id = useId();
  const [refused, setRefused] = useState<string>();
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
          event.currentTarget.value = '';
          if (!file) return;
          if (maxBytes !== undefined && file.size > maxBytes) {
            setRefused(
              `${file.name} is ${formatCount(file.size, 'byte')}: the limit is ${formatCount(maxBytes, 'byte')}. Choose the right file.`,
            );
            return;
          }
          setRefused(undefined);
          onFile(file);
        }}
      />
      {refused && (
        <span role="alert">
          <Badge tone="bad">{refused}</Badge>
        </span>
      )}
    </span>
  );
}
