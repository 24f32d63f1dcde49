import { useState } from 'react';
import type { ApiEvents } from '../api/contract';
import { useEvent } from '../api/hooks';
import { ProgressBar } from './progress-bar';

type Progress = ApiEvents['app/progress'];

/** Long work core reports (starting the training network, …): one bar each until it is done. */
export function OperationProgress() {
  const [running, setRunning] = useState<Record<string, Progress>>({});
  useEvent('app/progress', (progress) =>
    setRunning((current) => {
      const next = { ...current };
      if (progress.total > 0 && progress.done >= progress.total) delete next[progress.operationId];
      else next[progress.operationId] = progress;
      return next;
    }),
  );
  const list = Object.values(running);
  if (list.length === 0) return null;
  return (
    <div className="operation-progress">
      {list.map((p) => (
        <ProgressBar
          key={p.operationId}
          label={`${LABELS[p.operationId] ?? p.operationId}: ${p.phase}`}
          done={p.done}
          total={p.total}
        />
      ))}
    </div>
  );
}

const LABELS: Record<string, string> = { 'training-network': 'Starting the training network' };
