/**
 * A plain table: a caption, one heading per column and a row per item, each cell from the column's `cell`. Numeric
 * columns (`num`) are right-aligned. For sorting, use DataTable.
 */
import type { ReactNode } from 'react';

export interface Column<T> {
  heading: string;
  cell: (row: T) => ReactNode;
  num?: boolean;
}

export function PlainTable<T>({
  caption,
  hiddenCaption = true,
  columns,
  rows,
  rowKey,
  wrap = true,
}: {
  caption: ReactNode;
  /** the caption for screen readers only: the table sits under a heading that already names it */
  hiddenCaption?: boolean;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  /** in a horizontally scrolling wrapper (wide tables) */
  wrap?: boolean;
}) {
  const table = (
    <table>
      <caption className={hiddenCaption ? 'visually-hidden' : undefined}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.heading} scope="col">
              {c.heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c) => (
              <td key={c.heading} className={c.num ? 'num' : undefined}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return wrap ? <div className="table-wrap">{table}</div> : table;
}
