/** A document client typing continuously: tokens of its own, each inserted whole where another token ends. */
import type { DocClient } from './doc-client.js';

export interface Typist {
  /** Stops typing; resolves with every token this client typed. */
  stop(): Promise<string[]>;
}

/** Tokens look like `<name.n>`; at most `max` of them, one every `everyMs` (so the loop ends on its own too). */
export function keepTyping(client: DocClient, name: string, everyMs: number, max: number): Typist {
  const typed: string[] = [];
  let stopped = false;
  const done = (async () => {
    for (let n = 0; n < max && !stopped; n += 1) {
      const text = client.text();
      // Token boundaries only, so that no token lands inside another and each can be found whole afterwards.
      const boundaries = [0, ...[...text.matchAll(/>/g)].map((m) => m.index + 1)];
      const token = `<${name}.${n}>`;
      client.insert(boundaries[Math.floor(Math.random() * boundaries.length)]!, token);
      typed.push(token);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return typed;
    },
  };
}

/** Every `<name.n>` token in a text, in order. */
export function tokensIn(text: string): string[] {
  return text.match(/<[^<>]+>/g) ?? [];
}
