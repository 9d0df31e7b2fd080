/**
 * Compiling templates with the full Handlebars (parser and compiler): in the CDK app, which
 * precompiles each notifier's templates into its Lambda (./precompiled.ts), and wherever
 * templates are rendered outside a Lambda bundle (local runtime, CLI, tests), on first use.
 *
 * Handlebars is required by a name esbuild does not follow, so the Lambda bundles leave the
 * compiler out (about 65 KB of the notify bundle); in a Lambda the require fails and only
 * precompiled templates render.
 */
import { createRequire } from 'node:module';
import type HandlebarsCompiler from 'handlebars';
import { separateClosingBraces } from './braces.js';
import { templateHelpers } from './helpers.js';
import { isPlainText, type PrecompiledTemplate, type PrecompiledTemplates, type TemplateVariant } from './precompiled.js';

const COMPILER_MODULE = 'handlebars';
let compiler: typeof HandlebarsCompiler | null | undefined;

/** The full Handlebars, or undefined where it is not installed (a Lambda). */
function handlebarsCompiler(): typeof HandlebarsCompiler | undefined {
  if (compiler === undefined) {
    try {
      compiler = createRequire(import.meta.url)(COMPILER_MODULE) as typeof HandlebarsCompiler;
    } catch {
      compiler = null;
    }
  }
  return compiler ?? undefined;
}

/** names of our helpers that the template mentions (over-counting is harmless) */
function helpersNamed(ast: unknown, known: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const n = node as { type?: string; parts?: unknown[] };
    if (n.type === 'PathExpression' && Array.isArray(n.parts) && n.parts.length === 1 && typeof n.parts[0] === 'string') {
      if (Object.prototype.hasOwnProperty.call(known, n.parts[0])) found.add(n.parts[0]);
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && typeof value === 'object') visit(value);
  };
  visit(ast);
  return [...found].sort();
}

/** a short one-line message from a Handlebars error (parse errors span several lines) */
export function describeTemplateError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !/^-*\^$/.test(line.trim()));
  if (lines.length <= 1) return lines[0] ?? 'unknown error';
  return `${lines[0]} ${lines[lines.length - 1]}`;
}

const TEMPLATE_VARIANTS: readonly TemplateVariant[] = ['escaped', 'plain'];

/** Compile one template source to Handlebars' precompiled code; a template that does not compile gives its error. */
export function precompileTemplate(source: string, variants: readonly TemplateVariant[] = TEMPLATE_VARIANTS): PrecompiledTemplate {
  const handlebars = handlebarsCompiler();
  if (!handlebars) return { error: 'template: not precompiled for this function, and no Handlebars compiler here to compile it' };
  const prepared = separateClosingBraces(source);
  try {
    const compiled: PrecompiledTemplate = { helpers: helpersNamed(handlebars.parse(prepared), templateHelpers('html')) };
    // the compiler rewrites parts of the tree it is given: a fresh parse per variant
    for (const variant of variants) compiled[variant] = handlebars.precompile(handlebars.parse(prepared), { noEscape: variant === 'plain' }) as string;
    return compiled;
  } catch (error) {
    return { error: `template: ${describeTemplateError(error)}` };
  }
}

/**
 * Every template a config subtree may render (a notifier's `template`, `subject`, `url`,
 * `headers`, `body`…): each string that is not plain text (a string without a mustache
 * renders as it is, see isPlainText).
 */
export function precompileConfigTemplates(value: unknown, found: PrecompiledTemplates = {}): PrecompiledTemplates {
  if (typeof value === 'string') {
    if (!isPlainText(value) && !Object.prototype.hasOwnProperty.call(found, value)) found[value] = precompileTemplate(value);
  } else if (Array.isArray(value)) {
    for (const item of value) precompileConfigTemplates(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) precompileConfigTemplates(item, found);
  }
  return found;
}
