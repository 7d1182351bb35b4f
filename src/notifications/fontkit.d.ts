/** The part of fontkit (pdfkit's font engine) that the receipt PDFs use; fontkit ships no types of its own. */
declare module 'fontkit' {
  export interface Glyph {
    /** Internal: reads the glyph's outline from the font file. */
    _decode?: () => unknown;
  }
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
    getGlyph(id: number, codePoints?: number[]): Glyph;
  }
  export function create(buffer: Uint8Array): Font;
}
