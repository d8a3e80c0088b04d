// @vitest-environment happy-dom
/**
 * The read-only editor's safety net (client/editor/in-step.ts), exercised
 * directly: local changes made straight through editor.update, past the
 * refusal of editing commands, are put back so that Lexical ends equal to
 * what the Y.Doc holds (as a fresh headless editor renders it), and the Y.Doc
 * gets nothing.
 */
import { $createHeadingNode } from '@lexical/rich-text';
import { $setBlocksType } from '@lexical/selection';
import { $createParagraphNode, $getRoot, HISTORIC_TAG, type LexicalEditor } from 'lexical';
import { describe, expect, it } from 'vitest';
import {
  SEEDED, docJson, editorBlocks, editorJson, quoteFirstBlock, settled, useBoundEditors, type EditorFixture,
} from '../../helpers/bound-editor.js';

const openEditor = useBoundEditors();

/**
 * Local changes as a script could make them: the paragraph made a heading,
 * then, in one pending update, the heading made a paragraph and "#" typed on
 * a new line, after which the Markdown shortcut listener queues an update of
 * its own.
 */
function editBurst(editor: LexicalEditor): void {
  editor.update(() => $setBlocksType($getRoot().getLastChildOrThrow().selectStart(), () => $createHeadingNode('h2')), { discrete: true });
  editor.update(() => $setBlocksType($getRoot().getFirstChildOrThrow().selectStart(), () => $createParagraphNode()));
  editor.update(() => {
    const line = $createParagraphNode();
    $getRoot().append(line);
    line.select().insertText('#');
  });
}

describe('a read-only editor kept in step with its Y.Doc', () => {
  it('puts back a burst of local changes, and what listeners queued behind them', async () => {
    const client = openEditor(true);
    await client.sync();
    const screen = client.surface.innerHTML;
    client.editor.update(() => $getRoot().selectStart(), { discrete: true }); // a click: the viewer's selection
    editBurst(client.editor);
    await settled();
    expect(editorJson(client.editor)).toEqual(docJson(client.doc));
    expect(editorBlocks(client.editor)).toEqual(SEEDED);
    expect(client.surface.innerHTML).toBe(screen);
    expect(client.localUpdates).toEqual([]);
  });

  it('puts back a change that a listener queued behind the put-back', async () => {
    const client = openEditor(true);
    await client.sync();
    let queued = 0;
    client.editor.registerUpdateListener(({ tags }) => {
      if (tags.has(HISTORIC_TAG) && queued++ === 0) quoteFirstBlock(client.editor);
    });
    quoteFirstBlock(client.editor);
    await settled();
    expect(queued).toBe(2); // the put-back, then the put-back of the change queued behind it
    expect(editorJson(client.editor)).toEqual(docJson(client.doc));
    expect(client.localUpdates).toEqual([]);
  });

  // In one task, so that neither the put-back nor the server's change has been committed on its own.
  it.each([
    ['before the server\'s next change reaches Lexical', (client: EditorFixture) => (quoteFirstBlock(client.editor), client.deliver())],
    ['made right after the server\'s change arrived, and keeps the server\'s', (client: EditorFixture) => (client.deliver(), quoteFirstBlock(client.editor))],
  ])('puts back a local change %s', async (_, changeAndDeliver) => {
    const client = openEditor(true);
    await client.sync();
    client.server.editor.update(() => $getRoot().getFirstChildOrThrow().selectEnd().insertText(' 2026'), { discrete: true });
    changeAndDeliver(client);
    await settled();
    expect(editorBlocks(client.editor)).toEqual([{ type: 'heading', tag: 'h1', text: 'Summer trip 2026' }, SEEDED[1]]);
    expect(editorJson(client.editor)).toEqual(docJson(client.doc));
    expect(client.localUpdates).toEqual([]);
  });
});
