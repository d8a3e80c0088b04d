// @vitest-environment happy-dom
/**
 * The browser editor bound to a Y.Doc that receives a server's updates
 * (test/helpers/bound-editor.ts): read-only, it shows the server's document,
 * refuses every editing command and writes nothing into the Y.Doc; editable,
 * it writes and undoes its own changes.
 */
import { $getRoot, UNDO_COMMAND, type ElementNode, type SerializedEditorState } from 'lexical';
import { describe, expect, it } from 'vitest';
import { EDITING_COMMANDS } from '../../../client/editor/read-only.js';
import {
  SEED, SEEDED, docBlocks, docJson, editorBlocks, editorJson, nextUpdate, quoteFirstBlock, settled, useBoundEditors,
} from '../../helpers/bound-editor.js';
import { dispatchAsInput } from '../../helpers/editing-payloads.js';

const openEditor = useBoundEditors();

describe('a read-only editor bound to a Y.Doc', () => {
  it('shows the server\'s document and puts back a local change that got past the read-only flag, writing nothing to the Y.Doc', async () => {
    const client = openEditor(true);
    await client.sync();
    expect(editorBlocks(client.editor)).toEqual(SEEDED);
    const screen = client.surface.innerHTML;
    expect(screen).toContain('<h1');

    quoteFirstBlock(client.editor);
    await settled();
    expect(editorBlocks(client.editor)).toEqual(SEEDED);
    expect(client.surface.innerHTML).toBe(screen);
    expect(client.localUpdates).toEqual([]);
    expect(docBlocks(client.doc)).toEqual(SEEDED);

    // The binding still follows the server afterwards.
    client.server.editor.update(() => $getRoot().getFirstChildOrThrow().selectEnd().insertText(' 2026'), { discrete: true });
    await client.sync();
    expect(editorBlocks(client.editor)).toEqual([{ type: 'heading', tag: 'h1', text: 'Summer trip 2026' }, SEEDED[1]]);
    expect(client.surface.querySelector('h1')?.textContent).toBe('Summer trip 2026');
    expect(client.localUpdates).toEqual([]);
  });

  it('puts back a change made before the first sync, then shows the server\'s document', async () => {
    const client = openEditor(true);
    client.editor.update(() => $getRoot().clear().selectEnd().insertText('typed too early'), { discrete: true });
    await settled();
    expect(editorBlocks(client.editor)).toEqual([]);
    await client.sync();
    expect(editorBlocks(client.editor)).toEqual(SEEDED);
    expect(client.localUpdates).toEqual([]);
  });

  it('refuses every editing command, undo and redo included: the document does not change, not even for a moment', async () => {
    const client = openEditor(true, `${SEED}\n\n1. Pack the bags`);
    await client.sync();
    client.editor.update(() => $getRoot().getFirstChildOrThrow<ElementNode>().select(0, 7), { discrete: true }); // "Summer "
    const before = editorJson(client.editor);
    const committed: SerializedEditorState[] = [];
    client.editor.registerUpdateListener(({ editorState }) => void committed.push(editorState.toJSON()));
    const attempts = EDITING_COMMANDS.map((command) => dispatchAsInput(client.editor, command));
    await settled();
    expect(committed.filter((state) => JSON.stringify(state) !== JSON.stringify(before))).toEqual([]);
    expect(editorJson(client.editor)).toEqual(before);
    expect(docJson(client.doc)).toEqual(before);
    expect(client.localUpdates).toEqual([]);
    expect(attempts.filter((attempt) => !attempt.handled).map(({ command }) => command)).toEqual([]);
    // Nor does the browser do what it would by default: paste, drop, type.
    expect(attempts.filter(({ event }) => event && !event.defaultPrevented).map(({ command }) => command)).toEqual([]);
  });
});

describe('an editable editor bound to a Y.Doc', () => {
  it('writes local changes into the Y.Doc and undoes its own', async () => {
    const client = openEditor(false);
    await client.sync();
    quoteFirstBlock(client.editor);
    expect(editorBlocks(client.editor)[0]).toEqual({ type: 'quote', text: 'Summer trip' });
    expect(docBlocks(client.doc)[0]).toEqual({ type: 'quote', text: 'Summer trip' });
    expect(client.localUpdates.length).toBeGreaterThan(0);
    const undone = nextUpdate(client.editor);
    expect(client.editor.dispatchCommand(UNDO_COMMAND, undefined)).toBe(true);
    await undone;
    expect(editorBlocks(client.editor)).toEqual(SEEDED);
    expect(docBlocks(client.doc)).toEqual(SEEDED);
  });
});
