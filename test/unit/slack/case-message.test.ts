import { describe, expect, it } from 'vitest';
import { renderCaseMessage } from '../../../shared/slack/case-message.js';
import { caseActions } from '../../../shared/slack/actions.js';
import { parseCaseRef } from '../../../shared/slack/act-message.js';

const AT = Date.UTC(2026, 10, 26, 9, 0, 0);
type Block = { type: string; block_id?: string; elements?: { action_id?: string; value?: string; initial_option?: { value: string } }[] };

describe('case message redrawn by the act worker', () => {
  const v5Case = { _id: '~42', _type: 'Case', number: 42, title: 'Phishing wave', status: 'InProgress', stage: 'InProgress', severity: 3, tlp: 2, pap: 2, assignee: 'jane@soc.example' };

  it('shows the case as it is now with controls carrying the case id, and who acted from Slack', () => {
    const { text, blocks } = renderCaseMessage(v5Case, { version: 5, thehiveUrl: 'https://thehive.example.org', actor: 'analyst (Slack)', details: { severity: 3 }, at: AT });
    expect(text).toBe('Case #42: Phishing wave (HIGH, InProgress)');
    const controls = (blocks as Block[]).find((b) => b.type === 'actions')!;
    expect(controls.block_id).toBe(`case:~42:${AT}`);
    const byId = Object.fromEntries(controls.elements!.map((e) => [e.action_id, e]));
    expect(byId[caseActions.severity].initial_option?.value).toBe('3');
    expect(byId[caseActions.status].initial_option?.value).toBe('InProgress');
    expect(byId[caseActions.assignToMe].value).toBe('case:~42');
    expect(byId[caseActions.close].value).toBe('case:~42');
    expect(JSON.stringify(blocks)).toContain('by analyst (Slack)');
    expect(JSON.stringify(blocks)).toContain('https://thehive.example.org/cases/~42/details');
  });

  it('gives the controls a new block_id on each redraw, still naming the case, so Slack clients drop cached select values', () => {
    // Slack: "If a message is updated, use a new block_id" (clients keep a select's state per block_id)
    const controlsOf = (blocks: unknown[]) => (blocks as Block[]).find((b) => b.type === 'actions')!;
    const before = controlsOf(renderCaseMessage({ ...v5Case, severity: 2 }, { version: 5, at: AT }).blocks);
    const after = controlsOf(renderCaseMessage({ ...v5Case, severity: 4 }, { version: 5, at: AT + 1000 }).blocks);
    expect(before.block_id).not.toBe(after.block_id);
    expect(after.elements!.find((e) => e.action_id === caseActions.severity)?.initial_option?.value).toBe('4');
    for (const controls of [before, after]) expect(parseCaseRef(controls.block_id)).toBe('~42');
  });

  it('drops the controls of a closed TheHive 4 case, never leaving an empty actions block', () => {
    const v4Closed = { _id: '~42', caseId: 42, title: 'Old', status: 'Resolved', resolutionStatus: 'TruePositive', severity: 2, tlp: 3, pap: 2 };
    const { text, blocks } = renderCaseMessage(v4Closed, { version: 4, at: AT });
    expect(text).toBe('Case #42: Old (MEDIUM, Resolved)');
    expect((blocks as Block[]).filter((b) => b.type === 'actions')).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('*TLP*\\nRED');
  });
});
