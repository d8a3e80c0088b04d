import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DOC_ROOT } from '../../../shared/editor/doc-root.js';
import { emptyDocument } from '../../../server/collab/empty-document.js';
import { exportDocument, seedDocument } from '../../../server/collab/lexical/convert.js';

/** The Yjs layout of a document's blocks: each embedded element's attributes and its own layout. */
function layoutOf(type: Y.XmlText): unknown[] {
  return (type.toDelta() as { insert: unknown }[]).map(({ insert }) =>
    insert instanceof Y.XmlText ? { attributes: insert.getAttributes(), children: layoutOf(insert) } : insert);
}

function docOf(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

describe('the empty document', () => {
  it('is what the headless editor makes of an empty paragraph, in Lexical and in Yjs', () => {
    const kept = emptyDocument();
    const made = seedDocument();
    expect(exportDocument(kept, 'json')).toEqual(exportDocument(made, 'json'));
    expect(layoutOf(docOf(kept).get(DOC_ROOT, Y.XmlText))).toEqual(layoutOf(docOf(made).get(DOC_ROOT, Y.XmlText)));
    expect(JSON.stringify(exportDocument(kept, 'json'))).toContain('"type":"paragraph"');
  });

  it('is a fresh copy each time', () => {
    const first = emptyDocument();
    first.fill(0);
    expect(emptyDocument()).not.toEqual(first);
  });
});
