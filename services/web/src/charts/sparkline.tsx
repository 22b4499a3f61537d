/**
 * A tiny trend line drawn in SVG (no chart library for one per table row). Values are rates in
 * [0, 1]; null values leave a gap. The row's text says the same in words.
 */
export function Sparkline({ values, width = 80, height = 22 }: { values: readonly (number | null)[]; width?: number; height?: number }) {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return null;
  const step = width / Math.max(values.length - 1, 1);
  const y = (v: number) => height - 2 - v * (height - 4);
  const points = values
    .map((v, i) => (v === null ? null : `${(i * step).toFixed(1)},${y(Math.min(Math.max(v, 0), 1)).toFixed(1)}`))
    .filter(Boolean);
  const last = values.at(-1);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
      <polyline points={points.join(' ')} fill="none" stroke="currentColor" strokeWidth="1.5" />
      {typeof last === 'number' ? <circle cx={width} cy={y(last)} r="2" fill="currentColor" /> : null}
    </svg>
  );
}
