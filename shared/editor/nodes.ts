/**
 * The Lexical node types of a Chorus document. The browser editor and the
 * server's headless editor (export, seeding) use the same list, so what the
 * editor shows and what the Documents API returns agree.
 */
import { CodeHighlightNode, CodeNode } from '@lexical/code';
import { AutoLinkNode, LinkNode } from '@lexical/link';
import { ListItemNode, ListNode } from '@lexical/list';
import { TRANSFORMERS, type Transformer } from '@lexical/markdown';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import type { Klass, LexicalNode } from 'lexical';

export const EDITOR_NODES: ReadonlyArray<Klass<LexicalNode>> = [
  HeadingNode, QuoteNode, ListNode, ListItemNode, LinkNode, AutoLinkNode, CodeNode, CodeHighlightNode,
];

/** Markdown shortcuts and conversion: Lexical's standard set, which these nodes cover. */
export const MARKDOWN_TRANSFORMERS: Transformer[] = TRANSFORMERS;

export { DOC_ROOT } from './doc-root.js';
