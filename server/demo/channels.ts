/**
 * The demo app's channel rules: its routes/channels.php. Signed-in users edit
 * documents they open from the list; a share link may grant viewer or editor.
 */
import { ChannelRules } from '../auth/channel-rules.js';
import type { ShareTokens } from './share.js';

export function demoChannelRules(shares: ShareTokens): ChannelRules {
  return new ChannelRules().channel('doc.{docId}', (user, { params, extra }) => {
    const role = extra.share ? shares.roleFor(params.docId ?? '', extra.share) : 'editor';
    if (!role) return false; // a share token that grants nothing for this document
    return { id: user.id, name: user.name, color: user.color ?? '#888888', ...(user.avatar ? { avatar: user.avatar } : {}), role };
  });
}
