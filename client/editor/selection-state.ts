/**
 * What the selection is in, for the toolbar's pressed states: its text
 * formats, the kind of block it starts in, and whether it is in a link.
 * Call inside an editor read or update.
 */
import { $isCodeNode } from '@lexical/code';
import { $isLinkNode } from '@lexical/link';
import { $isListNode, ListNode } from '@lexical/list';
import { $isHeadingNode, $isQuoteNode } from '@lexical/rich-text';
import { $getNearestNodeOfType } from '@lexical/utils';
import { $getSelection, $isParagraphNode, $isRangeSelection, type LexicalNode, type TextFormatType } from 'lexical';

export type BlockKind = 'paragraph' | 'h1' | 'h2' | 'quote' | 'code' | 'bullet' | 'number' | 'other';

export interface SelectionState {
  readonly formats: ReadonlySet<TextFormatType>;
  readonly block: BlockKind | undefined;
  readonly link: boolean;
}

export const NO_SELECTION: SelectionState = { formats: new Set(), block: undefined, link: false };
const FORMATS: readonly TextFormatType[] = ['bold', 'italic', 'underline', 'code'];

export function $selectionState(): SelectionState {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return NO_SELECTION;
  const anchor = selection.anchor.getNode();
  return {
    formats: new Set(FORMATS.filter((format) => selection.hasFormat(format))),
    block: blockOf(anchor),
    link: $isLinkNode(anchor) || $isLinkNode(anchor.getParent()),
  };
}

function blockOf(anchor: LexicalNode): BlockKind {
  const top = anchor.getKey() === 'root' ? anchor : anchor.getTopLevelElement();
  if ($isListNode(top)) {
    const list = $getNearestNodeOfType(anchor, ListNode) ?? top;
    return list.getListType() === 'number' ? 'number' : 'bullet';
  }
  if ($isHeadingNode(top)) return top.getTag() === 'h1' ? 'h1' : top.getTag() === 'h2' ? 'h2' : 'other';
  if ($isQuoteNode(top)) return 'quote';
  if ($isCodeNode(top)) return 'code';
  return $isParagraphNode(top) ? 'paragraph' : 'other';
}
