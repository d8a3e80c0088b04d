/**
 * A new document's first state: one empty paragraph, laid out as the
 * editor's Yjs binding lays it out. Kept as bytes, so that opening a new
 * document never loads the headless editor (Lexical and happy-dom: tens of
 * MiB, loaded only to export). test/unit/server/empty-document.test.ts checks
 * it against what the headless editor makes: a Lexical upgrade that changes
 * the layout fails there.
 */
import { fromBase64 } from '../../shared/doc/base64.js';

const EMPTY_DOCUMENT = 'AQjo4ZObCgAHAQRyb290BigA6OGTmwoABl9fdHlwZQF3CXBhcmFncmFwaCgA6OGTmwoACF9fZm9ybWF0AX0AKADo4ZObCgAHX19zdHlsZQF3ACgA6OGTmwoACF9faW5kZW50AX0AKADo4ZObCgAFX19kaXIBfigA6OGTmwoADF9fdGV4dEZvcm1hdAF9ACgA6OGTmwoAC19fdGV4dFN0eWxlAXcAAA==';

/** A fresh copy of the empty document's state. */
export function emptyDocument(): Uint8Array {
  return fromBase64(EMPTY_DOCUMENT)!;
}
