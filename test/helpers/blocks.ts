/** A Lexical document reduced to what a reader sees: its top-level blocks, their type, heading tag and text. */
export interface Block {
  readonly type: string;
  readonly tag?: string;
  readonly text: string;
}

interface JsonNode {
  type: string;
  tag?: string;
  text?: string;
  children?: JsonNode[];
}

/** Blocks of a serialized editor state (`editorState.toJSON()`, or the Documents API's `json` format). */
export function blocksOf(document: unknown): Block[] {
  const textOf = (node: JsonNode): string => node.text ?? (node.children ?? []).map(textOf).join('');
  return ((document as { root: JsonNode }).root.children ?? []).map((node) => ({ type: node.type, ...(node.tag ? { tag: node.tag } : {}), text: textOf(node) }));
}
