import type { AppChannels } from '../channels/registry.js';
import type { Dispatcher } from '../pusher/dispatcher.js';
import type { SessionRegistry } from '../pusher/sessions.js';
import type { ApiRequest } from './request.js';

/** What the HTTP API handlers may use. */
export interface ApiContext {
  readonly channels: AppChannels;
  readonly sessions: SessionRegistry;
  readonly dispatcher: Dispatcher;
  readonly maxChannelNameLength: number;
}

export interface ApiResult {
  readonly status?: number;
  readonly body: unknown;
}

export type ApiHandler = (ctx: ApiContext, req: ApiRequest) => ApiResult | Promise<ApiResult>;
