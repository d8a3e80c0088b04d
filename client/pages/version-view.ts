/**
 * A version drawn read-only from the server's diff tree: its blocks and
 * text, with what was added underlined and what was removed struck through,
 * each tinted in the colour of whoever did it. Everything is built as DOM
 * nodes with text set as text: names and content are never parsed as HTML.
 */
import type { Change, DiffElement, DiffNode, VersionAuthor } from '../../shared/history/diff-tree.js';
import { h } from './dom.js';

const UNKNOWN_COLOUR = '#7a8594';
const FORMATS: ReadonlyArray<readonly [bit: number, tag: 'strong' | 'em' | 's' | 'u' | 'code']> = [
  [1, 'strong'], [2, 'em'], [4, 's'], [8, 'u'], [16, 'code'],
];

/** Who is who in a diff: name and colour by user id. */
export class People {
  private readonly byId: Map<string, VersionAuthor>;

  constructor(people: readonly VersionAuthor[]) {
    this.byId = new Map(people.map((p) => [p.id, p]));
  }

  name(id: string | undefined): string {
    return (id && this.byId.get(id)?.name) || (id ? 'Someone' : 'Unknown');
  }

  /** Only a #rrggbb colour is used; anything else (or nobody) gets a neutral grey. */
  colour(id: string | undefined): string {
    const colour = id ? this.byId.get(id)?.color : undefined;
    return colour && /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : UNKNOWN_COLOUR;
  }
}

/** The document of a version, with its changes marked. */
export function renderDiff(root: DiffElement, people: People): HTMLElement {
  const surface = h('div', { class: 'version-diff', role: 'document', 'aria-label': 'Version content' });
  surface.append(...root.children.map((child) => renderNode(child, people)));
  return surface;
}

/** The people who made the changes shown, each in their colour (nothing when no one changed anything). */
export function renderLegend(authors: readonly VersionAuthor[], people: People): HTMLElement {
  const list = h('ul', { class: 'version-people', 'aria-label': 'Changed by' });
  for (const author of authors) {
    const chip = h('li', { class: 'version-person' }, people.name(author.id));
    chip.style.setProperty('--author', people.colour(author.id));
    list.append(chip);
  }
  const legend = h('div', { class: 'version-legend' }, h('span', { 'aria-hidden': 'true' }, 'Changed by'), list);
  legend.hidden = authors.length === 0;
  return legend;
}

function renderNode(node: DiffNode, people: People): Node {
  switch (node.kind) {
    case 'element': {
      const element = h(blockTag(node), { class: `version-${node.type}` });
      element.append(...node.children.map((child) => renderNode(child, people)));
      if (node.change) mark(element, node.change, people);
      return element;
    }
    case 'text':
      return wrapped(formatted(node.text, node.format), node.change, people);
    case 'linebreak':
      return wrapped(h('br'), node.change, people);
    case 'other':
      return wrapped(h('span', { class: 'version-other' }, `[${node.type}]`), node.change, people);
  }
}

function blockTag(node: DiffElement): keyof HTMLElementTagNameMap {
  switch (node.type) {
    case 'heading': return node.tag && /^h[1-6]$/.test(node.tag) ? (node.tag as 'h1') : 'h2';
    case 'quote': return 'blockquote';
    case 'list': return node.listType === 'number' ? 'ol' : 'ul';
    case 'listitem': return 'li';
    case 'code': return 'pre';
    case 'link': return 'span';
    case 'paragraph': return 'p';
    default: return 'div';
  }
}

function formatted(text: string, format: number): Node {
  let node: Node = document.createTextNode(text);
  for (const [bit, tag] of FORMATS) if (format & bit) node = h(tag, {}, node);
  return node;
}

/** Inline content that changed goes into <ins> or <del>. */
function wrapped(node: Node, change: Change | undefined, people: People): Node {
  if (!change) return node;
  const wrapper = h(change.type === 'added' ? 'ins' : 'del', {}, node);
  mark(wrapper, change, people);
  return wrapper;
}

/** Tints a change in its author's colour and titles it with their name. */
function mark(element: HTMLElement, change: Change, people: People): void {
  element.classList.add(change.type === 'added' ? 'version-added' : 'version-removed');
  element.dataset.author = change.user ?? '';
  element.setAttribute('title', `${change.type === 'added' ? 'Added' : 'Removed'} by ${people.name(change.user)}`);
  element.style.setProperty('--author', people.colour(change.user));
}
