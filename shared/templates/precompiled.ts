/**
 * Templates compiled ahead of time. The CDK app precompiles the templates of a notifier's
 * config (./precompile.ts) and embeds them in that notifier's Lambda as
 * `__HIVE_RELAY_TEMPLATES__` (esbuild define), so the Lambda bundles Handlebars' runtime
 * only, not its compiler. Outside a bundle nothing is embedded: templates compile on first use.
 */

/** A template's compiled code (Handlebars.precompile output) per escaping variant, or why it does not compile. */
export type PrecompiledTemplate =
  | {
      /** our helpers the template names (./render.ts registers only those) */
      helpers: string[];
      /** compiled with escaping (the `html` and `json` modes) */
      escaped?: string;
      /** compiled with `noEscape` (the `none` mode) */
      plain?: string;
    }
  | { error: string };

/** By template source. */
export type PrecompiledTemplates = Record<string, PrecompiledTemplate>;

export type TemplateVariant = 'escaped' | 'plain';

/**
 * Text Handlebars gives back unchanged: no mustache (and no NUL, which its lexer refuses).
 * It is neither compiled nor precompiled.
 */
export const isPlainText = (source: string): boolean => !source.includes('{{') && !source.includes('\u0000');

declare const __HIVE_RELAY_TEMPLATES__: string | undefined;

let embedded: PrecompiledTemplates | undefined;

export function embeddedTemplates(): PrecompiledTemplates {
  if (!embedded) embedded = typeof __HIVE_RELAY_TEMPLATES__ !== 'undefined' ? (JSON.parse(__HIVE_RELAY_TEMPLATES__) as PrecompiledTemplates) : {};
  return embedded;
}
