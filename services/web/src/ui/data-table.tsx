import type { ReactNode } from 'react';

/** One column of a table and of its CSV: the CSV cell is exactly the text the table shows. */
export interface Column<R> {
  label: string;
  text: (row: R) => string;
  /** Richer content for the screen (a link, a sparkline); the text stays the CSV's and the reader's. */
  render?: (row: R) => ReactNode;
  numeric?: boolean;
}

export function DataTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  captionHidden,
}: {
  caption: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (row: R, index: number) => string;
  captionHidden?: boolean;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)}>
              {columns.map((c, j) => {
                const content = c.render ? c.render(row) : c.text(row);
                const className = c.numeric ? 'num' : undefined;
                return j === 0 ? (
                  <th key={c.label} scope="row" className={className}>
                    {content}
                  </th>
                ) : (
                  <td key={c.label} className={className}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
