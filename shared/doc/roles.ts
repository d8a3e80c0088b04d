import { isPlainObject } from '../pusher/frames.js';

export type DocRole = 'editor' | 'viewer';

/** The role in signed presence user_info; anything missing or unknown is a viewer. */
export function roleOf(userInfo: unknown): DocRole {
  return isPlainObject(userInfo) && userInfo.role === 'editor' ? 'editor' : 'viewer';
}
