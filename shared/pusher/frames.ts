/**
 * Pure codec for Pusher protocol frames: text in, typed value out, and back.
 * Server, client and tests share it, so there is one definition of a frame.
 */

/** A frame as received from a client. `data` may be an object or a JSON string. */
export interface ClientFrame {
  readonly event: string;
  readonly channel?: string;
  readonly data: unknown;
}

/** A frame as sent to a client. `data` is always a string (stricter SDKs need it). */
export interface ServerFrame {
  readonly event: string;
  readonly channel?: string;
  readonly data?: string;
  readonly user_id?: string;
}

export type DecodeFailure = 'not-json' | 'not-object' | 'no-event' | 'bad-channel-field';

export type DecodeResult =
  | { readonly ok: true; readonly frame: ClientFrame }
  | { readonly ok: false; readonly reason: DecodeFailure };

/** Decodes one client text frame. Never throws. */
export function decodeClientFrame(text: string): DecodeResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not-json' };
  }
  if (!isPlainObject(value)) return { ok: false, reason: 'not-object' };
  const { event, channel, data } = value;
  if (typeof event !== 'string' || event.length === 0) return { ok: false, reason: 'no-event' };
  if (channel !== undefined && typeof channel !== 'string') return { ok: false, reason: 'bad-channel-field' };
  return { ok: true, frame: channel === undefined ? { event, data } : { event, channel, data } };
}

/**
 * Normalises client `data` to an object: pusher-js sends objects, other SDKs
 * send a JSON string. Returns undefined when it is neither.
 */
export function dataAsObject(data: unknown): Record<string, unknown> | undefined {
  if (data === undefined || data === null || data === '') return {};
  if (isPlainObject(data)) return data;
  if (typeof data !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(data);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Client event payloads are relayed as a string: a string stays as sent, anything else is JSON-encoded. */
export function dataAsString(data: unknown): string {
  return typeof data === 'string' ? data : JSON.stringify(data ?? {});
}

/** Encodes a server frame; `data` is JSON-encoded unless it already is a string. */
export function encodeServerFrame(
  event: string,
  data?: unknown,
  channel?: string,
  userId?: string,
): string {
  const frame: { event: string; channel?: string; data?: string; user_id?: string } = { event };
  if (channel !== undefined) frame.channel = channel;
  if (data !== undefined) frame.data = dataAsString(data);
  if (userId !== undefined) frame.user_id = userId;
  return JSON.stringify(frame);
}

/** Decodes a server frame as a client would (used by tests and the benchmark). */
export function decodeServerFrame(text: string): ServerFrame & { parsed: unknown } {
  const frame = JSON.parse(text) as ServerFrame;
  let parsed: unknown = frame.data;
  if (typeof frame.data === 'string') {
    try {
      parsed = JSON.parse(frame.data);
    } catch {
      parsed = frame.data;
    }
  }
  return { ...frame, parsed };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
