/** The parts of a Content-Type header the relay checks. */

/** The `charset` parameter, lower-cased and unquoted; undefined when the header has none. */
export function charsetOf(contentType: string | undefined): string | undefined {
  for (const parameter of contentType?.split(';').slice(1) ?? []) {
    const [name, ...value] = parameter.split('=');
    if (name.trim().toLowerCase() === 'charset') return value.join('=').trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return undefined;
}

/** UTF-8 under its IANA name or the common alias; the relay decodes bodies as nothing else. */
export const isUtf8Charset = (charset: string) => charset === 'utf-8' || charset === 'utf8';
