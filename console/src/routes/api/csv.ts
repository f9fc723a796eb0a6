/**
 * CSV (RFC 4180) for exports that people open in spreadsheets. Device strings are hostile: a cell
 * that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by
 * Excel or LibreOffice, so such text cells get a leading `'` (OWASP's advice). Numbers stay numbers.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
