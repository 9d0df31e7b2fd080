/**
 * The pattern of a filter's `_match` (TheHive: "Matches a string using regex"), compiled once
 * when the filter is. A pattern runs on every event's text, some of it written by outsiders
 * (alert titles, descriptions), so the shapes that backtrack without end are refused at config
 * validation rather than met on a live event: an overlong pattern, and a repeated group that
 * itself repeats, such as `(a+)+` or `(\w*)*`.
 */
export const MAX_PATTERN_LENGTH = 500;

export type CompiledPattern = { ok: true; regex: RegExp } | { ok: false; message: string };

/** `{2}`, `{2,}`, `{2,5}` at `at`: whether it repeats more than once, and without bound. */
function braces(pattern: string, at: number): { end: number; repeats: boolean; unbounded: boolean } | undefined {
  const found = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
  if (!found) return undefined;
  const min = Number(found[1]);
  const unbounded = found[2] !== undefined && found[3] === '';
  const max = found[2] === undefined ? min : unbounded ? Infinity : Number(found[3]);
  return { end: at + found[0].length - 1, repeats: max > 1, unbounded };
}

/** Index of the `]` closing the class opened at `at` (an escaped `]` does not close it). */
function classEnd(pattern: string, at: number): number {
  for (let i = at + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return pattern.length;
}

/** Index of the last character of a group's opening: `(`, `(?:`, `(?=`, `(?<!`, `(?<name>`. */
function groupOpenEnd(pattern: string, at: number): number {
  if (pattern[at + 1] !== '?') return at;
  if (pattern[at + 2] === '<' && pattern[at + 3] !== '=' && pattern[at + 3] !== '!') {
    const close = pattern.indexOf('>', at + 3);
    return close === -1 ? pattern.length : close;
  }
  return pattern[at + 2] === '<' ? at + 3 : at + 2;
}

/** True when a group holding an unbounded quantifier is itself repeated. */
function hasNestedQuantifier(pattern: string): boolean {
  // per open group: does it hold an unbounded quantifier (at any depth)?
  const open: boolean[] = [];
  // the atom just read was a group holding an unbounded quantifier
  let riskyAtom = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    let repeats = false;
    let unbounded = false;
    let quantifier: ReturnType<typeof braces>;
    if (c === '*' || c === '+') {
      repeats = unbounded = true;
    } else if (c === '{' && (quantifier = braces(pattern, i))) {
      ({ repeats, unbounded } = quantifier);
      i = quantifier.end;
    } else if (c === '?') {
      // optional or lazy: never repeats
      riskyAtom = false;
      continue;
    } else {
      if (c === '\\') i++;
      else if (c === '[') i = classEnd(pattern, i);
      else if (c === '(') {
        open.push(false);
        i = groupOpenEnd(pattern, i);
      } else if (c === ')') {
        const inner = open.pop() ?? false;
        if (inner && open.length) open[open.length - 1] = true;
        riskyAtom = inner;
        continue;
      }
      riskyAtom = false;
      continue;
    }
    if (repeats && riskyAtom) return true;
    if (unbounded && open.length) open[open.length - 1] = true;
    riskyAtom = false;
  }
  return false;
}

export function compilePattern(pattern: string): CompiledPattern {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, message: `expected a regular expression of at most ${MAX_PATTERN_LENGTH} characters` };
  }
  if (hasNestedQuantifier(pattern)) {
    return {
      ok: false,
      message: 'refused regular expression: a group holding + or * is itself repeated, as in (a+)+ or (\\d+\\.){3}, which can take forever on some text; write the repetitions out',
    };
  }
  try {
    return { ok: true, regex: new RegExp(pattern, 'u') };
  } catch (error) {
    return { ok: false, message: `invalid regular expression: ${(error as Error).message}` };
  }
}
