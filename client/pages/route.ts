/**
 * The demo's addresses: `#/` (the documents) and `#/doc/{id}` with an
 * optional `?share={token}`. Anything else is a link that does not work,
 * shown as such rather than quietly replaced by the list.
 */
export type Route =
  | { readonly page: 'documents' }
  | { readonly page: 'document'; readonly id: string; readonly share: string | undefined }
  | { readonly page: 'bad-link' };

const DOC_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SHARE_TOKEN = /^[A-Za-z0-9_.-]{1,200}$/;

export function routeOf(hash: string): Route {
  if (hash === '' || hash === '#' || hash === '#/') return { page: 'documents' };
  const match = /^#\/doc\/([^?]*)(?:\?(.*))?$/.exec(hash);
  if (!match || !DOC_ID.test(match[1]!)) return { page: 'bad-link' };
  const query = new URLSearchParams(match[2] ?? '');
  const share = query.get('share') ?? undefined;
  const known = [...query.keys()].every((key) => key === 'share');
  if (!known || (match[2] !== undefined && (share === undefined || !SHARE_TOKEN.test(share)))) return { page: 'bad-link' };
  return { page: 'document', id: match[1]!, share };
}
