/** Request bodies rendered from a user template (the `http` and `webhook` notifiers). */
import { renderTemplate, TemplateError, type EscapeMode, type TemplateVariables } from '../templates/render.js';

/** `application/json`, `application/vnd.api+json`…: a body of such a type must be valid JSON. */
export const isJsonContentType = (contentType: string): boolean => /[/+]json\b/i.test(contentType);

export interface BodyOptions {
  escape: EscapeMode;
  /** the config field the template came from, named in the error */
  field: string;
  /** appended to the error, e.g. why JSON was expected */
  hint?: string;
}

/** Render a body template; a JSON-escaped body must parse, or it is a TemplateError naming the field. */
export function renderBody(source: string, variables: TemplateVariables, { escape, field, hint = '' }: BodyOptions): string {
  const body = renderTemplate(source, variables, { escape });
  if (escape === 'json') {
    try {
      JSON.parse(body);
    } catch (error) {
      throw new TemplateError(`${field}: the rendered body is not valid JSON (${(error as Error).message})${hint}`);
    }
  }
  return body;
}
