/**
 * JSON templates end mustaches right before a closing brace: `{"tags": {{json tags}}}`.
 * Handlebars' lexer reads that `}}}` as the end of a triple-stash and fails. Put an empty
 * comment (`{{!}}`, which renders nothing) between a mustache (`{{…}}` or `{{{…}}}`) and the
 * braces that follow it. Comments and escaped `\{{` are skipped; a source with raw blocks
 * (`{{{{…}}}}`) goes through untouched.
 */
export function separateClosingBraces(source: string): string {
  if (!source.includes('}}}') || source.includes('{{{{')) return source;
  let out = '';
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    if (open === -1) break;
    if (open > 0 && source[open - 1] === '\\') {
      out += source.slice(at, open + 2);
      at = open + 2;
      continue;
    }
    const triple = source[open + 2] === '{' || (source[open + 2] === '~' && source[open + 3] === '{');
    const longComment = source.startsWith('!--', open + 2) || source.startsWith('~!--', open + 2);
    const closer = triple ? '}}}' : longComment ? '--}}' : '}}';
    const close = source.indexOf(closer, open + 2);
    if (close === -1) break;
    const end = close + closer.length;
    out += source.slice(at, end);
    if (source[end] === '}') out += '{{!}}';
    at = end;
  }
  return out + source.slice(at);
}
