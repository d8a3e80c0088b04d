/**
 * Who may join which private or presence channel, declared in code the way
 * Laravel's routes/channels.php does it: a pattern such as `doc.{docId}`
 * (the channel name without its private-/presence- prefix) mapped to a
 * callback that returns member info (presence), true (private) or false.
 */
export interface ChannelUser {
  readonly id: string;
  readonly name: string;
  readonly color?: string;
  readonly avatar?: string;
}

/** What the callback gets besides the user: the pattern's parameters and the request's extra fields. */
export interface RuleContext {
  readonly params: Record<string, string>;
  readonly extra: Record<string, string>;
}

export type RuleResult = boolean | Record<string, unknown>;
export type ChannelRule = (user: ChannelUser, context: RuleContext) => RuleResult | Promise<RuleResult>;

interface CompiledRule {
  readonly regex: RegExp;
  readonly names: string[];
  readonly rule: ChannelRule;
}

export class ChannelRules {
  private readonly rules: CompiledRule[] = [];

  channel(pattern: string, rule: ChannelRule): this {
    const names: string[] = [];
    const source = pattern.split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/).map((part) => {
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^.]+)';
    }).join('');
    this.rules.push({ regex: new RegExp(`^${source}$`), names, rule });
    return this;
  }

  /** The rule's answer for a full channel name, or false when no rule matches. */
  async authorize(channel: string, user: ChannelUser, extra: Record<string, string> = {}): Promise<RuleResult> {
    const bare = channel.replace(/^(presence-|private-encrypted-|private-)/, '');
    for (const { regex, names, rule } of this.rules) {
      const match = regex.exec(bare);
      if (!match) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? '']));
      return rule(user, { params, extra });
    }
    return false;
  }
}
