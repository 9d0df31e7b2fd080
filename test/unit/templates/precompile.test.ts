import { describe, expect, it } from 'vitest';
import { precompileConfigTemplates, precompileTemplate } from '../../../shared/templates/precompile.js';
import { isPlainText } from '../../../shared/templates/precompiled.js';
import { renderTemplate, TemplateError } from '../../../shared/templates/render.js';

describe('precompileConfigTemplates', () => {
  it('compiles each string of a config that holds a mustache, once, wherever it is', () => {
    const found = precompileConfigTemplates({
      name: 'hook',
      url: 'https://example.org/{{object._id}}',
      headers: { 'x-a': 'plain', 'x-b': '{{upper object.title}}' },
      template: '{{upper object.title}}',
      list: [{ deep: ['{{#if a}}{{json b}}{{/if}}'] }],
      secret: { secret: 'TOKEN' },
      n: 3,
    });
    expect(Object.keys(found).sort()).toEqual(['https://example.org/{{object._id}}', '{{#if a}}{{json b}}{{/if}}', '{{upper object.title}}']);
    expect(found['{{#if a}}{{json b}}{{/if}}']).toMatchObject({ helpers: ['json'], escaped: expect.any(String), plain: expect.any(String) });
    expect(found['https://example.org/{{object._id}}']).toMatchObject({ helpers: [] });
  });

  it('keeps the error of a template that does not compile, worded as rendering it reports', () => {
    const source = 'Hello {{#if object.title}}unclosed';
    const compiled = precompileTemplate(source);
    expect(compiled).toEqual({ error: expect.stringMatching(/^template: Parse error on line 1:/) });
    expect(() => renderTemplate(source, {})).toThrow(new TemplateError((compiled as { error: string }).error));
  });
});

describe('plain text', () => {
  it('is any text without a mustache, rendered as it is in every mode', () => {
    for (const text of ['', 'plain', '{ "a": "}}" }', '\\{ {', 'a { {b}', '<b>&</b>']) {
      expect(isPlainText(text)).toBe(true);
      for (const escape of ['html', 'json', 'none'] as const) expect(renderTemplate(text, { b: 1 }, { escape })).toBe(text);
    }
    expect(isPlainText('{{a}}')).toBe(false);
  });

  it('excludes a NUL, which Handlebars refuses', () => {
    expect(isPlainText('a\u0000b')).toBe(false);
    expect(() => renderTemplate('a\u0000b', {})).toThrow(/^template: Lexical error/);
  });
});
