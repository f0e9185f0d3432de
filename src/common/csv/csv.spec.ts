import { csvCell, toCsv } from './csv';

describe('csv', () => {
  it('should quote separators, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('should neutralise cells a spreadsheet would run as formulas', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('=cmd|"/c calc"!A1')).toBe('"\'=cmd|""/c calc""!A1"');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('should start with a byte-order mark and end every record with CRLF', () => {
    expect(toCsv(['名字', 'x'], [['王小红', '1']])).toBe('\uFEFF名字,x\r\n王小红,1\r\n');
  });
});
