/**
 * Render Handlebars templates over an event's variables.
 *
 * Escaping modes:
 *   - html (default): Handlebars' HTML escaping (email bodies, Teams/Slack text).
 *   - json: `{{x}}` is escaped as the inside of a JSON string, so a template such as
 *     `{"text": "{{object.title}}"}` stays valid JSON whatever quotes the title holds;
 *     `{{json x}}` and `{{{x}}}` splice raw text (use them outside quotes).
 *   - none: no escaping (plain text).
 * Handlebars' escaping function is module-wide, so JSON mode uses its own environment whose
 * compiled templates get a JSON escaper on their runtime container.
 */
import Handlebars from 'handlebars';
import { registerHelpers } from './helpers.js';
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

const textEnv = Handlebars.create();
registerHelpers(textEnv, 'html');
const noneEnv = Handlebars.create();
registerHelpers(noneEnv, 'none');
const jsonEnv = Handlebars.create();
registerHelpers(jsonEnv, 'json');
{
  const template = jsonEnv.template.bind(jsonEnv);
  // every program of a template shares the container its `main` receives: swap its escaper there
  jsonEnv.template = ((spec: { main: (container: { escapeExpression: unknown }, ...rest: unknown[]) => unknown }) => {
    const main = spec.main;
    spec.main = function (this: unknown, container, ...rest) {
      container.escapeExpression = jsonEscape;
      return main.call(this, container, ...rest);
    };
    return template(spec as never);
  }) as typeof jsonEnv.template;
}

const environments: Record<EscapeMode, typeof Handlebars> = { html: textEnv, json: jsonEnv, none: noneEnv };

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
  const env = environments[mode];
  let ast: hbs.AST.Program;
  try {
    ast = env.parse(source);
  } catch (error) {
    throw new TemplateError(`template: ${describe(error)}`);
  }
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
