/**
 * Java-style date patterns (TheHive's `dateFormat` helper runs on the JVM), e.g.
 * `yyyy-MM-dd HH:mm:ss`, `dd/MM/yyyy`, `EEEE d MMMM yyyy 'at' HH:mm z`, `yyyy-MM-dd'T'HH:mm:ss.SSSXXX`.
 * Supported letters: y M L d D E u a H k K h m s S z Z X x; text in '…' is literal ('' is a quote);
 * other letters are printed as they are. Time zone defaults to UTC, locale to English.
 */

export interface DateFormatOptions {
  locale?: string;
  /** IANA time zone, e.g. Europe/Paris */
  tz?: string;
}

const valid = (date: Date): Date | undefined => (Number.isFinite(date.getTime()) ? date : undefined);

/** epoch ms (number or numeric string), ISO string or Date → Date; undefined when it is none of them or out of a Date's range */
export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return valid(value);
  // a finite number may still be out of range (1e300): an Invalid Date would make Intl throw
  if (typeof value === 'number') return valid(new Date(value));
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    const date = Number.isFinite(n) ? new Date(n) : new Date(Date.parse(value));
    return Number.isFinite(date.getTime()) ? date : undefined;
  }
  return undefined;
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 1 = Monday … 7 = Sunday
  offsetMinutes: number;
}

// Intl formatters are costly to build and to run: keep one per (locale, zone, kind), and
// remember zone offsets per quarter of an hour (DST changes happen on those boundaries).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, kind: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${kind}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}

const QUARTER_HOUR = 900_000;
const offsets = new Map<string, number>();

/** minutes east of UTC of `timeZone` at `ms` */
function zoneOffset(ms: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(ms / QUARTER_HOUR)}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const parts = formatter('en-US', timeZone, 'fields', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
    era: 'short',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  const wall = Date.UTC(year, get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  const offset = Math.round((wall - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
  if (offsets.size > 10_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** undefined when the wall-clock time falls out of a Date's range (a zone offset at its very edge) */
function fieldsOf(date: Date, timeZone: string): Fields | undefined {
  const offsetMinutes = timeZone === 'UTC' ? 0 : zoneOffset(date.getTime(), timeZone);
  const wall = new Date(date.getTime() + offsetMinutes * 60_000);
  if (Number.isNaN(wall.getTime())) return undefined;
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    weekday: wall.getUTCDay() || 7,
    offsetMinutes,
  };
}

// Month and day names per locale, read once from Intl on fixed UTC dates. Months come in
// two forms, as in Java: M is the form used inside a date ("27 октября"), L stands alone.
type NameKind = 'month-long' | 'month-short' | 'month-alone-long' | 'month-alone-short' | 'weekday-long' | 'weekday-short';
const names = new Map<string, string>();
function nameOf(locale: string, kind: NameKind, index: number): string {
  const key = `${locale}|${kind}|${index}`;
  let found = names.get(key);
  if (found === undefined) {
    const month = kind.startsWith('month');
    const style = kind.endsWith('long') ? 'long' : 'short';
    // 2024-01-01 was a Monday: index 1..7 → Monday..Sunday; months 1..12
    const date = month ? Date.UTC(2024, index - 1, 15) : Date.UTC(2024, 0, index);
    const options: Intl.DateTimeFormatOptions = !month
      ? { weekday: style }
      : kind.includes('alone')
        ? { month: style }
        : { month: style, day: 'numeric' };
    found = formatter(locale, 'UTC', kind, options).formatToParts(date).find((p) => p.type === (month ? 'month' : 'weekday'))?.value ?? '';
    names.set(key, found);
  }
  return found;
}

const pad = (n: number, width: number): string => String(Math.abs(n)).padStart(width, '0');

function offset(minutes: number, withColon: boolean, hoursOnly = false): string {
  const sign = minutes < 0 ? '-' : '+';
  const h = pad(Math.trunc(Math.abs(minutes) / 60), 2);
  const m = pad(Math.abs(minutes) % 60, 2);
  if (hoursOnly && m === '00') return `${sign}${h}`;
  return withColon ? `${sign}${h}:${m}` : `${sign}${h}${m}`;
}

function zoneName(date: Date, locale: string, timeZone: string, long: boolean): string {
  const kind = long ? 'zone-long' : 'zone-short';
  const parts = formatter(locale, timeZone, kind, { timeZoneName: long ? 'long' : 'short' }).formatToParts(date);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

function dayOfYear(f: Fields): number {
  return Math.round((Date.UTC(f.year, f.month - 1, f.day) - Date.UTC(f.year, 0, 1)) / 86_400_000) + 1;
}

function token(letter: string, count: number, date: Date, f: Fields, locale: string, timeZone: string): string {
  switch (letter) {
    case 'y':
    case 'Y':
      return count === 2 ? pad(f.year % 100, 2) : pad(f.year, count);
    case 'M':
    case 'L': {
      const alone = letter === 'L' ? 'month-alone-' : 'month-';
      if (count >= 4) return nameOf(locale, `${alone}long` as NameKind, f.month);
      if (count === 3) return nameOf(locale, `${alone}short` as NameKind, f.month);
      return pad(f.month, count);
    }
    case 'd':
      return pad(f.day, count);
    case 'D':
      return pad(dayOfYear(f), count);
    case 'E':
      return nameOf(locale, count >= 4 ? 'weekday-long' : 'weekday-short', f.weekday);
    case 'u':
      return pad(f.weekday, count);
    case 'a':
      return f.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(f.hour, count);
    case 'k':
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case 'K':
      return pad(f.hour % 12, count);
    case 'h':
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'm':
      return pad(f.minute, count);
    case 's':
      return pad(f.second, count);
    case 'S':
      return pad(date.getUTCMilliseconds(), 3).padEnd(count, '0').slice(0, count);
    case 'z':
      return zoneName(date, locale, timeZone, count >= 4);
    case 'Z':
      return count >= 5 ? (f.offsetMinutes === 0 ? 'Z' : offset(f.offsetMinutes, true)) : offset(f.offsetMinutes, false);
    case 'X':
    case 'x':
      if (letter === 'X' && f.offsetMinutes === 0) return 'Z';
      return count === 1 ? offset(f.offsetMinutes, false, true) : offset(f.offsetMinutes, count >= 3);
    default:
      return letter.repeat(count);
  }
}

/** A pattern cut into literal text and letter runs (`yyyy` → { letter: 'y', count: 4 }). */
type PatternPart = string | { letter: string; count: number };

const isLetter = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

function parsePattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        literal += "'";
        i += 2;
        continue;
      }
      // quoted literal; '' inside it is one quote
      let j = i + 1;
      while (j < pattern.length) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            literal += "'";
            j += 2;
            continue;
          }
          break;
        }
        literal += pattern[j++];
      }
      i = j + 1;
      continue;
    }
    if (isLetter(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ letter: c, count: j - i });
      i = j;
      continue;
    }
    literal += c;
    i++;
  }
  if (literal) parts.push(literal);
  return parts;
}

// A template names a few patterns and formats with them on every render: each is parsed once.
const patterns = new Map<string, PatternPart[]>();

function patternParts(pattern: string): PatternPart[] {
  let parts = patterns.get(pattern);
  if (!parts) {
    parts = parsePattern(pattern);
    if (patterns.size >= 100) patterns.clear();
    patterns.set(pattern, parts);
  }
  return parts;
}

/** The formatted date; a value that is no date (or no Date can hold) renders as it is, never throws. */
export function formatDate(value: unknown, pattern: string, options: DateFormatOptions = {}): string {
  const raw = (): string => (value == null ? '' : String(value));
  const date = toDate(value);
  if (!date) return raw();
  const locale = options.locale || 'en';
  const timeZone = options.tz || 'UTC';
  const f = fieldsOf(date, timeZone);
  if (!f) return raw();
  let out = '';
  for (const part of patternParts(pattern)) out += typeof part === 'string' ? part : token(part.letter, part.count, date, f, locale, timeZone);
  return out;
}
