import { describe, expect, it } from 'vitest';
import {
  addTaskView,
  closeCaseView,
  decodeDialogContext,
  dueDateOf,
  encodeDialogContext,
  readAddTaskSubmission,
  readCloseSubmission,
} from '../../../shared/slack/dialogs.js';
import { caseDialogs } from '../../../shared/slack/actions.js';
import { date, input, select, userPick } from './fixtures.js';

const NOW = Date.UTC(2026, 10, 26, 9, 0, 0);
const context = { caseId: '~42', channel: 'C0SOC', messageTs: '1700000000.000100', caseTitle: 'Case #42: Phishing' };

describe('dialogs', () => {
  it('round-trips the case and message through private_metadata', () => {
    expect(decodeDialogContext(encodeDialogContext(context))).toEqual({ caseId: '~42', channel: 'C0SOC', messageTs: '1700000000.000100' });
    expect(decodeDialogContext('not json')).toBeUndefined();
    expect(decodeDialogContext('{"ch":"C1"}')).toBeUndefined();
  });

  it('builds modals inside Slack limits, with the dialog callback ids', () => {
    for (const view of [addTaskView(context), closeCaseView(context, 5), closeCaseView(context, 4)]) {
      for (const key of ['title', 'submit', 'close'] as const) expect(view[key].text.length).toBeLessThanOrEqual(24);
      expect(view.private_metadata.length).toBeLessThanOrEqual(3000);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
    }
    expect(addTaskView(context).callback_id).toBe(caseDialogs.addTask);
    expect(closeCaseView(context, 5).callback_id).toBe(caseDialogs.close);
    const inputs = addTaskView(context).blocks.filter((b) => b.type === 'input').map((b) => (b as { block_id: string }).block_id);
    expect(inputs).toEqual(['task_title', 'task_description', 'task_due', 'task_assignee']);
  });

  it('offers the closing values of the TheHive version', () => {
    const options = (closeCaseView(context, 4).blocks[1] as { element: { options: { value: string }[] } }).element.options.map((o) => o.value);
    expect(options).toEqual(['TruePositive', 'FalsePositive', 'Indeterminate', 'Other', 'Duplicated']);
    expect((closeCaseView(context, 4).blocks[1] as { label: { text: string } }).label.text).toBe('Resolution');
    expect((closeCaseView(context, 5).blocks[1] as { label: { text: string } }).label.text).toBe('Status');
  });

  it('reads a complete add-task submission', () => {
    const read = readAddTaskSubmission(
      {
        task_title: { input: input('  Reset credentials ') },
        task_description: { input: input('All users of the phished list') },
        task_due: { input: date('2026-12-01') },
        task_assignee: { input: userPick('U0OTHER') },
      },
      NOW,
    );
    expect(read).toEqual({
      ok: true,
      change: { kind: 'addTask', title: 'Reset credentials', description: 'All users of the phished list', dueDate: Date.UTC(2026, 11, 1, 23, 59, 59), assigneeSlackUser: 'U0OTHER' },
    });
  });

  it('leaves optional task fields out', () => {
    expect(readAddTaskSubmission({ task_title: { input: input('Triage') }, task_due: { input: date(null) } }, NOW)).toEqual({ ok: true, change: { kind: 'addTask', title: 'Triage' } });
  });

  it('names the bad add-task fields', () => {
    // at 09:00 UTC it is still the 25th west of UTC−9, so the 24th is the first day past everywhere
    expect(readAddTaskSubmission({ task_title: { input: input('  ') }, task_due: { input: date('2026-11-24') } }, NOW)).toEqual({
      ok: false,
      errors: { task_title: 'Enter a title', task_due: 'Pick today or a later date' },
    });
    expect(readAddTaskSubmission({ task_title: { input: input('x'.repeat(129)) }, task_due: { input: date('2026-02-30') } }, NOW)).toEqual({
      ok: false,
      errors: { task_title: 'At most 128 characters', task_due: 'Pick a valid date' },
    });
    // today is still allowed (due at the end of the day)
    expect(readAddTaskSubmission({ task_title: { input: input('x') }, task_due: { input: date('2026-11-26') } }, NOW).ok).toBe(true);
    expect(dueDateOf('2026-13-01')).toBeUndefined();
  });

  it("accepts the user's own today west of UTC: the picked date carries no time zone", () => {
    const task = (day: string, now: number) => readAddTaskSubmission({ task_title: { input: input('Collect logs') }, task_due: { input: date(day) } }, now);
    // 17:00 on 10 January in UTC−8 is already 01:00 UTC on the 11th
    expect(task('2026-01-10', Date.UTC(2026, 0, 11, 1, 0))).toEqual({ ok: true, change: { kind: 'addTask', title: 'Collect logs', dueDate: Date.UTC(2026, 0, 10, 23, 59, 59) } });
    // the 10th is "today" somewhere until it ends at UTC−12 (12:00 UTC on the 11th)
    expect(task('2026-01-10', Date.UTC(2026, 0, 11, 11, 59, 59)).ok).toBe(true);
    expect(task('2026-01-10', Date.UTC(2026, 0, 11, 12, 0, 0))).toEqual({ ok: false, errors: { task_due: 'Pick today or a later date' } });
    // east of UTC a user's today may already be tomorrow in UTC
    expect(task('2026-01-12', Date.UTC(2026, 0, 11, 13, 0)).ok).toBe(true);
  });

  it('reads and checks a close submission', () => {
    expect(readCloseSubmission({ close_resolution: { input: select('FalsePositive') }, close_impact: { input: select('NoImpact') }, close_summary: { input: input('Benign scanner') } })).toEqual({
      ok: true,
      change: { kind: 'close', resolution: 'FalsePositive', impact: 'NoImpact', summary: 'Benign scanner' },
    });
    expect(readCloseSubmission({ close_resolution: { input: select('Deleted') }, close_impact: { input: select(null) }, close_summary: { input: input('') } })).toEqual({
      ok: false,
      errors: { close_resolution: 'Pick how the case ends', close_impact: 'Pick the impact', close_summary: 'Write a short summary' },
    });
  });
});
