import { useId, type ReactNode } from 'react';
import { Link } from '../router.tsx';

/** A titled region of a page (a landmark for screen readers), with its actions beside the title. */
export function Section({
  title,
  actions,
  children,
  className,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} className={`section ${className ?? ''}`}>
      <div className="section-head">
        <h2 id={id}>{title}</h2>
        {actions ? <div className="section-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

/** A key figure: its value large, what it is beside (a link to the list it counts, when given), what it rests on below. */
export function Stat({ label, value, hint, to }: { label: string; value: string; hint?: string; to?: string | undefined }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{to ? <Link to={to}>{label}</Link> : label}</span>
      {hint ? <span className="stat-hint">{hint}</span> : null}
    </div>
  );
}
