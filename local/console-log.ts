/** The local runtime's log: one readable line per entry on the terminal (JSON logs are for CloudWatch). */
import type { Log } from '../shared/ports.js';

export type LocalLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const rank: Record<LocalLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const show = (value: unknown) => {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
};

export function consoleLog(level: LocalLogLevel, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Log {
  const at = (wanted: Exclude<LocalLogLevel, 'silent'>) => (message: string, attributes?: Record<string, unknown>) => {
    if (rank[wanted] < rank[level]) return;
    const time = new Date().toISOString().slice(11, 19);
    const extra = Object.entries(attributes ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${key === 'eventKey' && typeof value === 'string' ? value.slice(0, 12) : show(value)}`)
      .join(' ');
    const tag = wanted === 'info' ? '' : ` ${wanted.toUpperCase()}`;
    write(`${time}${tag} ${message}${extra ? ` ${extra}` : ''}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
