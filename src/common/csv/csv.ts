/**
 * CSV for spreadsheet programs: RFC 4180 (CRLF, quoted fields with doubled quotes), UTF-8 with a byte-order
 * mark so Excel reads Chinese names, and cells that a spreadsheet would run as a formula neutralised.
 */
const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  // A leading apostrophe makes Excel, LibreOffice and Sheets show the text instead of evaluating it.
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}
