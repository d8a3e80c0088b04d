/** Signing helpers for tests: the same HMAC a Laravel backend or the `pusher` SDK produces. */
import { signChannel } from '../../server/auth/signatures.js';
import { TEST_APP } from './config.js';

export function privateAuth(socketId: string, channel: string, app: { key: string; secret: string } = TEST_APP): { auth: string } {
  return { auth: signChannel(app.key, app.secret, socketId, channel) };
}

export function presenceAuth(
  socketId: string,
  channel: string,
  member: { user_id: string | number; user_info?: unknown },
  app: { key: string; secret: string } = TEST_APP,
): { auth: string; channel_data: string } {
  const channelData = JSON.stringify(member);
  return { auth: signChannel(app.key, app.secret, socketId, channel, channelData), channel_data: channelData };
}
