/**
 * Documents as the server-to-server API sees them: list, read in a format,
 * create with seeded content. Reads include edits not yet flushed when the
 * document is open on this node.
 */
import * as Y from 'yjs';
import type { DocHub } from './doc-hub.js';
import type { DocumentBudget } from './document-budget.js';
import type { ExportFormat, SeedFormat } from './lexical/convert.js';
import type { DocKey, DocumentAccess, DocumentInfo, DocumentStore } from './store.js';

export class DocumentService {
  constructor(private readonly store: DocumentStore, private readonly hub: DocHub, private readonly budget: DocumentBudget) {}

  list(appId: string): Promise<DocumentInfo[]> {
    return this.store.list(appId);
  }

  /** The document rendered in `format`, or undefined when it does not exist. */
  async read(key: DocKey, format: ExportFormat): Promise<string | object | undefined> {
    const state = await this.currentState(key);
    return state && (await lexical()).exportDocument(state, format);
  }

  /** Creates a document seeded with content, once: false when the id is taken; BudgetExceeded over the app's budget. */
  async create(key: DocKey, content: string, format: SeedFormat, title: string, owner?: string): Promise<boolean> {
    if (await this.store.info(key)) return false;
    await this.budget.check(key.appId);
    return this.store.create(key, (await lexical()).seedDocument(content, format), title, owner);
  }

  rename(key: DocKey, title: string): Promise<boolean> {
    return this.store.rename(key, title);
  }

  info(key: DocKey): Promise<DocumentInfo | undefined> {
    return this.store.info(key);
  }

  access(key: DocKey): Promise<DocumentAccess> {
    return this.store.access(key);
  }

  revokeShares(key: DocKey): Promise<number> {
    return this.store.revokeShares(key);
  }

  /** The document's state now: what is stored, with what this node holds and has not stored yet. */
  async currentState(key: DocKey): Promise<Uint8Array | undefined> {
    const stored = await this.store.load(key);
    const room = this.hub.find(key);
    if (!stored && !room) return undefined;
    const updates = [...(stored ?? [])];
    if (room) updates.push(Y.encodeStateAsUpdate(room.doc));
    return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
  }
}

/**
 * The headless editor (Lexical, and happy-dom for HTML) is loaded the first
 * time a document is seeded or exported, not at start-up: a node that only
 * relays never pays its memory and start time.
 */
export function lexical(): Promise<typeof import('./lexical/convert.js')> {
  return import('./lexical/convert.js');
}
