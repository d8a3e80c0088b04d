/** What the demo app's browser-facing handlers are given, and the signed-in user they act for. */
import type { IncomingMessage } from 'node:http';
import type { ChannelRules, ChannelUser } from '../auth/channel-rules.js';
import type { AppConfig } from '../config/types.js';
import type { DemoAccess } from '../demo/access.js';
import type { DemoSessions } from '../demo/session.js';
import type { ShareTokens } from '../demo/share.js';
import type { DocumentsApi, VersionsApi } from './context.js';
import type { ProxyTrust } from './origin.js';
import { HttpError } from './respond.js';

export interface AppSideDeps {
  readonly app: AppConfig;
  readonly rules: ChannelRules;
  readonly sessions: DemoSessions;
  readonly shares: ShareTokens;
  readonly access: DemoAccess;
  readonly documents: DocumentsApi;
  readonly versions: VersionsApi;
  readonly pathPrefix: string;
  readonly trust: ProxyTrust;
  /** Makes the channel's subscribers on every node (but keepUserId's) reconnect and be authorised anew. */
  reauthorize(channel: string, keepUserId: string): void;
  /** Tells the document channel's subscribers on every node the document's new title. */
  titleChanged(docId: string, title: string): void;
}

export interface AppResult {
  readonly status?: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export type AppHandler = (deps: AppSideDeps, req: IncomingMessage, params: Record<string, string>) => Promise<AppResult>;

export function signedIn(deps: AppSideDeps, req: IncomingMessage): ChannelUser {
  const user = deps.sessions.userOf(req);
  if (!user) throw new HttpError(401, 'Sign in first');
  return user;
}
