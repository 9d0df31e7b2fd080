/** Plain-text tables for terminal output: columns padded to their widest cell, long cells cut. */
export function formatTable(headers: string[], rows: string[][], maxCell = 80): string {
  const cut = (text: string) => {
    const flat = text.replace(/\s+/g, ' ');
    return flat.length > maxCell ? `${flat.slice(0, maxCell - 1)}…` : flat;
  };
  const cells = [headers, ...rows].map((row) => row.map(cut));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  '))
    .map((line) => line.trimEnd())
    .join('\n');
}
