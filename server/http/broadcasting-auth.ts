/**
 * POST /broadcasting/auth, the endpoint pusher-js and Echo's default
 * authorizer call: `socket_id` and `channel_name` (form or JSON) in,
 * `{ auth }` or `{ auth, channel_data }` out, decided by the channel rules for
 * the signed-in user. Laravel's own endpoint signs the same way.
 */
import type { IncomingMessage } from 'node:http';
import { channelKind, channelNameProblem, needsAuth } from '../../shared/pusher/channels.js';
import type { ChannelRules, ChannelUser } from '../auth/channel-rules.js';
import { signChannel } from '../auth/signatures.js';
import type { AppConfig } from '../config/types.js';
import { readForm } from './form.js';
import { HttpError } from './respond.js';

export interface BroadcastAuthDeps {
  readonly app: AppConfig;
  readonly rules: ChannelRules;
  readonly userOf: (req: IncomingMessage) => ChannelUser | undefined;
}

export async function broadcastingAuth(deps: BroadcastAuthDeps, req: IncomingMessage): Promise<unknown> {
  const { socket_id: socketId = '', channel_name: channel = '', ...extra } = await readForm(req);
  if (!/^\d+\.\d+$/.test(socketId)) throw new HttpError(400, 'socket_id must look like "123.456"');
  const problem = channelNameProblem(channel);
  if (problem || !needsAuth(channelKind(channel))) throw new HttpError(400, `channel_name: ${problem ?? 'public channels need no authorisation'}`);
  const user = deps.userOf(req);
  if (!user) throw new HttpError(403, 'Sign in first');
  const answer = await deps.rules.authorize(channel, user, extra);
  if (answer === false) throw new HttpError(403, `Not allowed on ${channel}`);
  if (channelKind(channel) !== 'presence') return { auth: signChannel(deps.app.key, deps.app.secret, socketId, channel) };
  const channelData = JSON.stringify({ user_id: user.id, user_info: answer === true ? { name: user.name } : answer });
  return { auth: signChannel(deps.app.key, deps.app.secret, socketId, channel, channelData), channel_data: channelData };
}
