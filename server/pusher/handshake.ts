/**
 * Decides whether a new WebSocket may become a Pusher session: known app key,
 * a protocol version we speak, an allowed origin, room under the app's quota.
 */
import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION } from '../../shared/pusher/events.js';
import { originAllowed } from '../auth/origins.js';
import type { AppRegistry } from '../config/apps.js';
import type { AppConfig } from '../config/types.js';
import type { ConnectionRequest } from '../transport/socket.js';
import { PusherError } from './errors.js';

export function admit(
  request: ConnectionRequest,
  pathPrefix: string,
  apps: AppRegistry,
  connectionsOf: (appId: string) => number,
): AppConfig {
  const key = decodeURIComponent(request.path.slice(`${pathPrefix}/app/`.length));
  const app = apps.findByKey(key);
  if (!app) throw new PusherError('appNotFound', `Application does not exist: no app has the key "${key.slice(0, 64)}"`);
  checkProtocol(request.query.get('protocol'));
  if (!originAllowed(request.origin, app.allowedOrigins)) {
    throw new PusherError('unauthorizedConnection', 'Origin not allowed');
  }
  if (app.maxConnections !== null && connectionsOf(app.id) >= app.maxConnections) {
    throw new PusherError('overConnectionQuota');
  }
  return app;
}

function checkProtocol(protocol: string | null): void {
  if (protocol === null || protocol === '') throw new PusherError('noProtocolVersion');
  if (!/^\d+$/.test(protocol)) throw new PusherError('invalidVersion');
  const version = Number(protocol);
  if (version < MIN_PROTOCOL_VERSION || version > PROTOCOL_VERSION) {
    throw new PusherError('unsupportedProtocol', `Unsupported protocol version ${version}; this server speaks ${MIN_PROTOCOL_VERSION}–${PROTOCOL_VERSION}`);
  }
}
