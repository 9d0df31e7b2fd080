/** A CliIo that keeps what a command printed, for assertions. */
import type { CliIo } from '../../../cli/io.js';

export interface CapturedIo extends CliIo {
  stdout: () => string;
  stderr: () => string;
}

export function captureIo(): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}
