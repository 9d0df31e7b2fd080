/**
 * How a `type: custom` function's own translator gets into its Lambda.
 *
 * shared/functions/custom-bundled.ts loads it with `import('hive-relay-custom-translator')`, and
 * only for `type: custom`. The translate bundle of a custom function maps that specifier to the
 * user's module (`module:` resolved against the config file's folder) with esbuild's `alias`,
 * so esbuild compiles the module (TS or JS, and what it imports) into that bundle. Every other
 * bundle marks the specifier external: the dynamic import stays in the code, never runs.
 * Locally (no bundle) shared/functions/custom-local.ts imports the module path itself.
 * Types: ./custom-translator-module.d.ts declares the specifier.
 */
export const customTranslatorSpecifier = 'hive-relay-custom-translator';
