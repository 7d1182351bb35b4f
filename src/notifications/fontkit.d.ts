/** The part of fontkit (pdfkit's font engine) that the receipt PDFs use; fontkit ships no types of its own. */
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Uint8Array): Font;
}
