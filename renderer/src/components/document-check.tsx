import { useState } from 'react';
import { checkDocument, type DocumentCheck } from '../documents/check-document';
import { formatCount } from '../format/units';
import { Badge } from './badge';
import { FileInput } from './file-input';

/** "Check documents": hash a local file in this window and compare it with the hash on chain. */
export function DocumentCheckButton({ expectedHash, what }: { expectedHash: string; what: string }) {
  const [result, setResult] = useState<DocumentCheck | { error: string }>();
  return (
    <span className="document-check">
      <FileInput
        label={`Check ${what}…`}
        onFile={async (file) => {
          try {
            setResult(await checkDocument(file, expectedHash));
          } catch (error) {
            setResult({ error: `Could not read ${file.name}: ${String(error)}. Choose the file again.` });
          }
        }}
      />
      <span aria-live="polite">
        {result &&
          ('error' in result ? (
            <Badge tone="bad">{result.error}</Badge>
          ) : result.matches ? (
            <Badge tone="ok">{`${result.fileName} matches (${formatCount(result.bytes, 'byte')})`}</Badge>
          ) : (
            <Badge tone="bad">{`${result.fileName} does NOT match: its hash is ${result.hash.slice(0, 10)}…`}</Badge>
          ))}
      </span>
    </span>
  );
}
