/**
 * The demo app's channel rules: its routes/channels.php. Only documents that
 * exist are signed. The owner edits; a signed-in user views, or gets the role
 * of a valid share link for that very document (sent as the `share` auth parameter).
 */
import { ChannelRules } from '../auth/channel-rules.js';
import type { DemoAccess } from './access.js';

export function demoChannelRules(access: DemoAccess): ChannelRules {
  return new ChannelRules().channel('doc.{docId}', async (user, { params, extra }) => {
    if (!(await access.exists(params.docId ?? ''))) return false;
    const granted = await access.of(user, params.docId ?? '', extra.share);
    if (!granted.ok) return false;
    return { id: user.id, name: user.name, color: user.color ?? '#888888', ...(user.avatar ? { avatar: user.avatar } : {}), role: granted.role };
  });
}
