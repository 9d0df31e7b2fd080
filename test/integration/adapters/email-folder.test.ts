import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderEmailSender } from '../../../shared/adapters/email-folder.js';

describe('local email sender', () => {
  it('writes an .eml a mail client can open and the JSON as rendered', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'hive-relay-mail-')), 'outbox');
    const sender = new FolderEmailSender(folder, { now: () => Date.UTC(2026, 2, 3, 4, 5, 6) });
    const message = { from: 'relay@example.org', to: ['soc@example.org', 'lead@example.org'], subject: 'Case #7 — Phishing', text: 'plain body', html: '<p>html body</p>' };
    const { messageId } = await sender.send(message);
    expect(readdirSync(folder).sort()).toEqual([`${messageId}.eml`, `${messageId}.json`]);
    expect(JSON.parse(readFileSync(join(folder, `${messageId}.json`), 'utf8'))).toEqual(message);
    const eml = readFileSync(join(folder, `${messageId}.eml`), 'utf8');
    expect(eml).toContain('To: soc@example.org, lead@example.org\r\n');
    expect(eml).toContain(`Subject: =?UTF-8?B?${Buffer.from('Case #7 — Phishing').toString('base64')}?=`);
    expect(eml).toContain('multipart/alternative');
    expect(eml).toContain(Buffer.from('plain body').toString('base64'));
    expect(eml).toContain(Buffer.from('<p>html body</p>').toString('base64'));
  });
});
