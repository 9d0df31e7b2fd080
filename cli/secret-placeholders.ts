/**
 * Secrets for `hive-relay route`: no secret is ever resolved. Each `{ secret: NAME }` renders as
 * a stand-in, shown as `«secret:NAME»` in the output.
 *
 * The stand-in a notifier sees is URL-shaped (`https://secret-1.redacted.invalid`) because some
 * secrets hold URLs that the notifier checks before use (a webhook `url: { secret: … }`);
 * `reveal` then turns every stand-in back into `«secret:NAME»`. Values derived from a secret
 * (an HMAC signature, Basic credentials) are computed from the stand-in, so they are harmless
 * and wrong, never the real thing.
 */
import type { SecretRef } from '../shared/config/secret-ref.js';

const placeholderOf = (name: string) => `«secret:${name}»`;

export class SecretPlaceholders {
  private readonly tokens = new Map<string, string>();

  /** A RenderContext `secret()`. */
  readonly secret = (ref: SecretRef | string): string => {
    const name = typeof ref === 'string' ? ref : ref.secret;
    let token = this.tokens.get(name);
    if (!token) {
      token = `https://secret-${this.tokens.size + 1}.redacted.invalid`;
      this.tokens.set(name, token);
    }
    return token;
  };

  /** Text with every stand-in (plain or URL-encoded) replaced by `«secret:NAME»`. */
  reveal(text: string): string {
    let out = text;
    for (const [name, token] of this.tokens) {
      for (const form of [token, encodeURIComponent(token)]) out = out.split(form).join(placeholderOf(name));
    }
    return out;
  }

  /** `reveal` over every string of a JSON-like value. */
  revealDeep<T>(value: T): T {
    if (typeof value === 'string') return this.reveal(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.revealDeep(item)) as T;
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [this.reveal(key), this.revealDeep(item)])) as T;
    }
    return value;
  }
}
