import type { ReactNode } from 'react';

/** The page's title (focused on arrival) and its page-wide actions. */
export function PageHeader({
  title,
  children,
  lead,
}: {
  title: string;
  lead?: string;
  children?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1}>{title}</h1>
        {lead && <p className="lead">{lead}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </header>
  );
}
