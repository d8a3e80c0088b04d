/**
 * What changed between two versions of a document, as a tree the browser
 * draws read-only: the document's blocks and text, with what was added or
 * removed marked and attributed to the user who did it (when known).
 */
export interface Change {
  readonly type: 'added' | 'removed';
  /** The user id of whoever made the change; absent when unknown (the server's seed, another node's edit). */
  readonly user?: string;
}

export type DiffNode = DiffElement | DiffText | DiffLineBreak | DiffOther;

/** A Lexical element: root, paragraph, heading, quote, list, listitem, code, link… */
export interface DiffElement {
  readonly kind: 'element';
  readonly type: string;
  /** Heading level (h1…h6). */
  readonly tag?: string;
  /** bullet, number or check, for lists. */
  readonly listType?: string;
  readonly change?: Change;
  readonly children: DiffNode[];
}

/** A run of text with one format and one change state. */
export interface DiffText {
  readonly kind: 'text';
  readonly text: string;
  /** Lexical's format bits: 1 bold, 2 italic, 4 strikethrough, 8 underline, 16 code. */
  readonly format: number;
  readonly change?: Change;
}

export interface DiffLineBreak {
  readonly kind: 'linebreak';
  readonly change?: Change;
}

/** A node the history view does not draw in detail (a decorator). */
export interface DiffOther {
  readonly kind: 'other';
  readonly type: string;
  readonly change?: Change;
}

/** Who a version names as having changed the document since the previous one. */
export interface VersionAuthor {
  readonly id: string;
  readonly name?: string;
  readonly color?: string;
}
