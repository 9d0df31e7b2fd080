/**
 * Render Handlebars templates over an event's variables.
 *
 * Escaping modes:
 *   - html (default): Handlebars' HTML escaping (email bodies, Teams/Slack text).
 *   - json: `{{x}}` is escaped as the inside of a JSON string, so a template such as
 *     `{"text": "{{object.title}}"}` stays valid JSON whatever quotes the title holds;
 *     `{{json x}}` and `{{{x}}}` splice raw text (use them outside quotes); `{{json x}}}`
 *     (a mustache right before a closing brace) works, see braces.ts.
 *   - none: no escaping (plain text).
 * Handlebars' escaping function is module-wide, so JSON mode uses its own environments whose
 * compiled templates get a JSON escaper on their runtime container.
 */
import Handlebars from 'handlebars';
import { templateHelpers } from './helpers.js';
import { separateClosingBraces } from './braces.js';
import type { TemplateVariables } from './variables.js';

export { templateVariables, type TemplateVariables } from './variables.js';
export { formatDate } from './date-format.js';

export type EscapeMode = 'html' | 'json' | 'none';

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

type Compiled = (variables: unknown) => string;

function jsonEscape(value: unknown): string {
  if (typeof value !== 'string') {
    if (value && typeof (value as { toHTML?: unknown }).toHTML === 'function') return (value as { toHTML(): string }).toHTML();
    if (value == null) return '';
    value = String(value);
  }
  return JSON.stringify(value).slice(1, -1);
}

/**
 * Handlebars wraps every registered helper on every render, so a template gets an
 * environment holding only the helpers it names (environments are shared between templates
 * naming the same ones).
 */
const environments = new Map<string, typeof Handlebars>();

function environmentFor(mode: EscapeMode, helperNames: string[]): typeof Handlebars {
  const key = `${mode}|${helperNames.join(',')}`;
  let env = environments.get(key);
  if (env) return env;
  env = Handlebars.create();
  const helpers = templateHelpers(mode);
  for (const name of helperNames) env.registerHelper(name, helpers[name]);
  if (mode === 'json') {
    const template = env.template.bind(env);
    // every program of a template shares the container its `main` receives: swap its escaper there
    env.template = ((spec: { main: (container: { escapeExpression: unknown }, ...rest: unknown[]) => unknown }) => {
      const main = spec.main;
      spec.main = function (this: unknown, container, ...rest) {
        container.escapeExpression = jsonEscape;
        return main.call(this, container, ...rest);
      };
      return template(spec as never);
    }) as typeof env.template;
  }
  environments.set(key, env);
  return env;
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
    const n = node as { type?: string; parts?: unknown[]; head?: unknown };
    if (n.type === 'PathExpression' && Array.isArray(n.parts) && n.parts.length === 1 && typeof n.parts[0] === 'string') {
      if (Object.prototype.hasOwnProperty.call(known, n.parts[0])) found.add(n.parts[0]);
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && typeof value === 'object') visit(value);
  };
  visit(ast);
  return [...found].sort();
}

/** a short one-line message from a Handlebars error (parse errors span several lines) */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !/^-*\^$/.test(line.trim()));
  if (lines.length <= 1) return lines[0] ?? 'unknown error';
  return `${lines[0]} ${lines[lines.length - 1]}`;
}

// Templates come from config: a few dozen distinct sources per process, compiled once each.
const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 500;

function compile(source: string, mode: EscapeMode): Compiled {
  const key = `${mode}\u0000${source}`;
  let compiled = cache.get(key);
  if (compiled) return compiled;
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(separateClosingBraces(source));
  } catch (error) {
    throw new TemplateError(`template: ${describe(error)}`);
  }
  const env = environmentFor(mode, helpersNamed(ast, templateHelpers(mode)));
  compiled = env.compile(ast, { noEscape: mode === 'none' }) as Compiled;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, compiled);
  return compiled;
}

/** Throw a TemplateError when the source is not a valid template (for config validation). */
export function checkTemplate(source: string, options: { escape?: EscapeMode } = {}): void {
  compile(source, options.escape ?? 'html');
}

export function renderTemplate(
  source: string,
  variables: TemplateVariables | Record<string, unknown>,
  options: { escape?: EscapeMode } = {},
): string {
  if (typeof source !== 'string') throw new TemplateError('template: expected a string');
  const compiled = compile(source, options.escape ?? 'html');
  try {
    return compiled(variables);
  } catch (error) {
    throw new TemplateError(`template: ${describe(error)}`);
  }
}
