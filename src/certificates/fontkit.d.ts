// fontkit ships no types; only what certificate-font.ts uses is declared. pdfkit accepts such a font
// wherever it takes a font file (`typeof src.layout === 'function'`).
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    layout(text: string): unknown;
  }
  /** A collection (.ttc) needs the PostScript name of the font to take from it. */
  export function create(buffer: Buffer, postscriptName?: string): Font;
}
