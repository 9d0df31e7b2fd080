/**
 * A user's `template` for a chat type: when it looks like JSON (starts with `{` or `[` followed
 * by a quote or a bracket, so `{{object.title}}…` and `[TheHive] …` stay text) it is
 * rendered with JSON escaping and parsed, and replaces the default payload (or card, or blocks);
 * otherwise it is rendered as plain text and becomes the message text.
 */
import { renderTemplate, TemplateError, type TemplateVariables } from '../templates/render.js';

export type RenderedUserTemplate = { kind: 'json'; value: unknown } | { kind: 'text'; text: string };

export const looksLikeJson = (source: string): boolean => /^\s*(\{\s*["}]|\[\s*[{"\]])/.test(source);

export function renderUserTemplate(source: string, variables: TemplateVariables): RenderedUserTemplate {
  if (!looksLikeJson(source)) return { kind: 'text', text: renderTemplate(source, variables, { escape: 'none' }) };
  const rendered = renderTemplate(source, variables, { escape: 'json' });
  try {
    return { kind: 'json', value: JSON.parse(rendered) };
  } catch (error) {
    throw new TemplateError(`template: the rendered text is not valid JSON (${(error as Error).message})`);
  }
}
