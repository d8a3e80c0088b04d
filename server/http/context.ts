import type { AppChannels } from '../channels/registry.js';
import type { ChannelCache } from '../scaling/channel-cache.js';
import type { ClusterState } from '../scaling/cluster-state.js';
import type { Dispatcher } from '../pusher/dispatcher.js';
import type { SessionRegistry } from '../pusher/sessions.js';
import type { ApiRequest } from './request.js';
import type { DocumentVersions } from '../collab/versions.js';

/** What the Documents API needs from the document host. */
export interface DocumentsApi {
  list(appId: string): Promise<{ id: string; title: string; owner?: string; updatedAt: Date; size: number }[]>;
  read(key: { appId: string; docId: string }, format: 'text' | 'json' | 'markdown' | 'html'): Promise<string | object | undefined>;
  create(key: { appId: string; docId: string }, content: string, format: 'text' | 'markdown', title: string, owner?: string): Promise<boolean>;
  rename(key: { appId: string; docId: string }, title: string): Promise<boolean>;
  info(key: { appId: string; docId: string }): Promise<{ id: string; title: string } | undefined>;
  /** The demo app's owner of the document and its share generation. */
  access(key: { appId: string; docId: string }): Promise<{ owner: string | undefined; shareGeneration: number }>;
  revokeShares(key: { appId: string; docId: string }): Promise<number>;
}

/** What the HTTP side needs of documents' versions. */
export type VersionsApi = Pick<DocumentVersions, 'list' | 'name' | 'read' | 'view' | 'restore' | 'prepareRestore' | 'madeRestore'>;

/** What the HTTP API handlers may use. */
export interface ApiContext {
  readonly channels: AppChannels;
  readonly sessions: SessionRegistry;
  readonly dispatcher: Dispatcher;
  readonly documents: DocumentsApi;
  readonly versions: VersionsApi;
  readonly cluster: ClusterState;
  readonly cache: ChannelCache;
  readonly maxChannelNameLength: number;
  /** Closes a user's connections on every node. */
  terminate(appId: string, userId: string): void;
}

export interface ApiResult {
  readonly status?: number;
  readonly body: unknown;
}

export type ApiHandler = (ctx: ApiContext, req: ApiRequest) => ApiResult | Promise<ApiResult>;
