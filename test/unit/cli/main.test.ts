import { describe, expect, it } from 'vitest';
import { helpText, main } from '../../../cli/main.js';
import { captureIo } from './capture.js';

describe('hive-relay --help and argument errors', () => {
  it('prints the help with every command and option, exit 0', async () => {
    const io = captureIo();
    expect(await main(['--help'], io)).toBe(0);
    const text = io.stdout();
    for (const command of ['validate', 'route EVENT.json', 'dlq list', 'dlq show', 'dlq redrive', 'dlq purge', 'function test NAME PAYLOAD.json', 'function status NAME']) {
      expect(text).toContain(command);
    }
    for (const option of ['--config FILE', '--local URL', '--stack NAME', '--aws', '--json', '--notifier NAME', '--function NAME', '--slack', '--dry-run']) {
      expect(text).toContain(option);
    }
    expect(io.stderr()).toBe('');
  });

  it('looks for the local relay on the port in PORT, as npm start does', async () => {
    const saved = process.env.PORT;
    process.env.PORT = '9';
    try {
      const io = captureIo();
      expect(await main(['dlq', 'list', '--notifier', 'soc'], io)).not.toBe(0);
      expect(io.stderr()).toContain('http://127.0.0.1:9');
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });

  it('accepts -h after a command too', async () => {
    const io = captureIo();
    expect(await main(['dlq', '-h'], io)).toBe(0);
    expect(io.stdout()).toBe(helpText);
  });

  it('prints the help and exits 2 without a command', async () => {
    const io = captureIo();
    expect(await main([], io)).toBe(2);
    expect(io.stdout()).toContain('Usage: hive-relay <command>');
  });

  it('names an unknown command or option and exits 2', async () => {
    const io = captureIo();
    expect(await main(['deploy'], io)).toBe(2);
    expect(io.stderr()).toContain('unknown command "deploy"');
    const io2 = captureIo();
    expect(await main(['validate', '--colour'], io2)).toBe(2);
    expect(io2.stderr()).toContain('--colour');
  });

  it('explains a dlq command without a target, or with two', async () => {
    const io = captureIo();
    expect(await main(['dlq', 'list'], io)).toBe(2);
    expect(io.stderr()).toContain('--notifier NAME, --function NAME or --slack');
    const io2 = captureIo();
    expect(await main(['dlq', 'list', '--notifier', 'a', '--slack'], io2)).toBe(2);
    expect(io2.stderr()).toContain('give only one of');
    const io3 = captureIo();
    expect(await main(['dlq', 'drain', '--notifier', 'a'], io3)).toBe(2);
    expect(io3.stderr()).toContain('unknown dlq command "drain"');
  });

  it('explains a function command without its arguments', async () => {
    const io = captureIo();
    expect(await main(['function', 'test', 'elastic'], io)).toBe(2);
    expect(io.stderr()).toContain('hive-relay function test NAME PAYLOAD.json [--dry-run]');
  });
});
