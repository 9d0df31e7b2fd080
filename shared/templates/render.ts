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
 *
 * Only Handlebars' runtime is imported here: a template's code comes precompiled (embedded in
 * a notify Lambda by the CDK app, see precompiled.ts) or is compiled on first use where the
 * full Handlebars is installed (precompile.ts).
 */
import Handlebars from 'handlebars/runtime';
import { templateHelpers } from './helpers.js';
import { embeddedTemplates, isPlainText, type TemplateVariant } from './precompiled.js';
import { describeTemplateError, precompileTemplate } from './precompile.js';
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
type Environment = ReturnType<typeof Handlebars.create>;

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
const environments = new Map<string, Environment>();

function environmentFor(mode: EscapeMode, helperNames: string[]): Environment {
  const key = `${mode}|${helperNames.join(',')}`;
  let env = environments.get(key);
  if (env) return env;
  env = Handlebars.create();
  const helpers = templateHelpers(mode);
  for (const name of helperNames) if (helpers[name]) env.registerHelper(name, helpers[name]);
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

// Templates come from config: a few dozen distinct sources per process, compiled once each.
// Keyed by mode, then by the source string itself (a config string hashes once, a joined key on every render).
const caches: Record<EscapeMode, Map<string, Compiled>> = { html: new Map(), json: new Map(), none: new Map() };
const CACHE_LIMIT = 500;

function compile(source: string, mode: EscapeMode): Compiled {
  const cache = caches[mode];
  let compiled = cache.get(source);
  if (compiled) return compiled;
  const variant: TemplateVariant = mode === 'none' ? 'plain' : 'escaped';
  let precompiled = embeddedTemplates()[source];
  if (!precompiled || ('helpers' in precompiled && precompiled[variant] === undefined)) precompiled = precompileTemplate(source, [variant]);
  if ('error' in precompiled) throw new TemplateError(precompiled.error);
  // Handlebars.precompile's output is the source of a template spec object, as in a precompiled .js file
  const spec = new Function(`return (${precompiled[variant]});`)() as Parameters<Environment['template']>[0];
  compiled = environmentFor(mode, precompiled.helpers).template(spec) as Compiled;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(source, compiled);
  return compiled;
}

/** Throw a TemplateError when the source is not a valid template (for config validation). */
export function checkTemplate(source: string, options: { escape?: EscapeMode } = {}): void {
  if (!isPlainText(source)) compile(source, options.escape ?? 'html');
}

export function renderTemplate(
  source: string,
  variables: TemplateVariables | Record<string, unknown>,
  options: { escape?: EscapeMode } = {},
): string {
  if (typeof source !== 'string') throw new TemplateError('template: expected a string');
  if (isPlainText(source)) return source;
  const compiled = compile(source, options.escape ?? 'html');
  try {
    return compiled(variables);
  } catch (error) {
    throw new TemplateError(`template: ${describeTemplateError(error)}`);
  }
}

