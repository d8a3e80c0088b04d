import { PROTOCOL_ERRORS } from './errors.js';

/** docs/errors.md, rendered from the error table so the two cannot drift apart. */
export function renderErrorsDoc(): string {
  const rows = Object.entries(PROTOCOL_ERRORS)
    .sort(([, a], [, b]) => a.code - b.code)
    .map(([name, spec]) => `| ${spec.code} | \`${name}\` | ${spec.message} | ${spec.close ? `closes with ${spec.code}` : 'stays open'} |`);
  return [
    '# Errors',
    '',
    'Generated from `shared/pusher/errors.ts` by `npm run docs:errors`; a unit test keeps it current.',
    '',
    'Every error is sent as `pusher:error` `{"code": n, "message": "…"}`. When the',
    'connection is closed, the WebSocket close code is the same number, and',
    'pusher-js chooses what to do from it: 4000 TLS only, 4001–4099 give up,',
    '4100–4199 reconnect after back-off, 4200–4299 reconnect at once. Codes',
    '4300–4399 leave the connection open.',
    '',
    'A subscription refused for its signature or a limit is not a `pusher:error`:',
    'it is `pusher:subscription_error` on that channel (see protocol.md).',
    '',
    '| code | name | message | connection |',
    '|---|---|---|---|',
    ...rows,
    '',
    'ws itself closes with 1009 a frame larger than the hard frame cap, before buffering it.',
    '',
  ].join('\n');
}
