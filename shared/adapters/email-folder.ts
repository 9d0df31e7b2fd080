/**
 * Local EmailSender: writes each message to a folder as `<id>.eml` (open it in any mail
 * client) and `<id>.json` (the EmailMessage as rendered), instead of sending it.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmailMessage, EmailSender } from '../ports.js';

export class FolderEmailSender implements EmailSender {
  constructor(
    private readonly folder: string,
    private readonly clock: { now(): number } = { now: () => Date.now() },
  ) {}

  async send(message: EmailMessage): Promise<{ messageId: string }> {
    const messageId = `${new Date(this.clock.now()).toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
    await mkdir(this.folder, { recursive: true });
    await writeFile(join(this.folder, `${messageId}.json`), `${JSON.stringify(message, null, 2)}\n`);
    await writeFile(join(this.folder, `${messageId}.eml`), toEml(message, messageId, new Date(this.clock.now())));
    return { messageId };
  }
}

/** A minimal RFC 5322 message: text and/or HTML parts, UTF-8, base64 bodies. */
export function toEml(message: EmailMessage, id: string, date: Date): string {
  const header = (name: string, value: string | string[] | undefined) =>
    value === undefined || (Array.isArray(value) && !value.length) ? [] : [`${name}: ${Array.isArray(value) ? value.join(', ') : value}`];
  const encodeWord = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`);
  const part = (type: string, text: string) => [
    `Content-Type: ${type}; charset=UTF-8`,
    'Content-Transfer-Encoding: base64',
    '',
    ...(Buffer.from(text).toString('base64').match(/.{1,76}/g) ?? ['']),
  ];
  const lines = [
    ...header('From', message.from),
    ...header('To', message.to),
    ...header('Cc', message.cc),
    ...header('Reply-To', message.replyTo),
    `Subject: ${encodeWord(message.subject)}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${id}@hive-relay.local>`,
    'MIME-Version: 1.0',
  ];
  const bodies = [
    ...(message.text !== undefined ? [part('text/plain', message.text)] : []),
    ...(message.html !== undefined ? [part('text/html', message.html)] : []),
  ];
  if (bodies.length <= 1) {
    lines.push(...(bodies[0] ?? part('text/plain', '')));
  } else {
    const boundary = `hive-relay-${id}`;
    lines.push(`Content-Type: multipart/alternative; boundary="${boundary}"`, '');
    for (const body of bodies) lines.push(`--${boundary}`, ...body);
    lines.push(`--${boundary}--`);
  }
  return `${lines.join('\r\n')}\r\n`;
}
