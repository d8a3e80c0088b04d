/**
 * Documents in and out of the server: seeding new documents from text or
 * Markdown, and rendering stored ones as text, Lexical JSON, Markdown or HTML.
 */
import { $generateHtmlFromNodes } from '@lexical/html';
import { $convertFromMarkdownString, $convertToMarkdownString } from '@lexical/markdown';
import { Window } from 'happy-dom';
import { $createParagraphNode, $createTextNode, $getRoot } from 'lexical';
import * as Y from 'yjs';
import { MARKDOWN_TRANSFORMERS } from '../../../shared/editor/nodes.js';
import { bindHeadless } from './headless.js';

import type { ExportFormat, SeedFormat } from '../formats.js';

export type { ExportFormat, SeedFormat };

/** A document's first state: the given content, or one empty paragraph so the editor has a line to type on. */
export function seedDocument(content = '', format: SeedFormat = 'text'): Uint8Array {
  const bound = bindHeadless();
  try {
    bound.editor.update(() => {
      const root = $getRoot();
      root.clear();
      if (format === 'markdown' && content) {
        $convertFromMarkdownString(content, MARKDOWN_TRANSFORMERS);
      } else {
        for (const line of content.split(/\r?\n/)) {
          const paragraph = $createParagraphNode();
          if (line) paragraph.append($createTextNode(line));
          root.append(paragraph);
        }
      }
    }, { discrete: true });
    return Y.encodeStateAsUpdate(bound.doc);
  } finally {
    bound.dispose();
  }
}

export function exportDocument(state: Uint8Array, format: ExportFormat): string | object {
  const bound = bindHeadless(state);
  try {
    const editorState = bound.editor.getEditorState();
    switch (format) {
      case 'json':
        return editorState.toJSON();
      case 'markdown':
        return editorState.read(() => $convertToMarkdownString(MARKDOWN_TRANSFORMERS));
      case 'html':
        return withDom(() => editorState.read(() => $generateHtmlFromNodes(bound.editor, null)));
      default:
        return editorState.read(() => $getRoot().getTextContent());
    }
  } finally {
    bound.dispose();
  }
}

/** $generateHtmlFromNodes needs a DOM: lend it happy-dom's for the duration of one synchronous call. */
function withDom<T>(work: () => T): T {
  const window = new Window();
  const globals = globalThis as Record<string, unknown>;
  const saved = { window: globals.window, document: globals.document };
  globals.window = window;
  globals.document = window.document;
  try {
    return work();
  } finally {
    globals.window = saved.window;
    globals.document = saved.document;
    void window.happyDOM.close();
  }
}
