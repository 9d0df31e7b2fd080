import { describe, expect, it } from 'vitest';
import { parseInteractionBody, PayloadError, teamsOf } from '../../../shared/slack/payload.js';
import { blockActions, formBody, input, viewSubmission } from './fixtures.js';

const problem = (body: string): PayloadError => {
  try {
    parseInteractionBody(body);
  } catch (error) {
    if (error instanceof PayloadError) return error;
    throw error;
  }
  throw new Error('expected a PayloadError');
};

describe('Slack interaction payload', () => {
  it('reads a block_actions payload from the form body', () => {
    const parsed = parseInteractionBody(formBody(blockActions({ actionId: 'case_severity', blockId: 'case:~42', selected: '3' })));
    expect(parsed.type).toBe('block_actions');
    if (parsed.type !== 'block_actions') return;
    expect(parsed.payload.actions[0]).toMatchObject({ action_id: 'case_severity', block_id: 'case:~42', selected_option: { value: '3' } });
    expect(parsed.payload.container?.channel_id).toBe('C0SOC');
    expect(teamsOf(parsed.payload).teamId).toBe('T0ALLOWED');
  });

  it('keeps text with spaces, plus signs and non-ASCII as sent', () => {
    const payload = viewSubmission({
      callbackId: 'dialog_add_task',
      privateMetadata: '{"c":"~42"}',
      values: { task_title: { input: input('Block 10.0.0.1 + rotate keys — café') } },
    });
    const parsed = parseInteractionBody(formBody(payload));
    if (parsed.type !== 'view_submission') throw new Error('expected a view_submission');
    expect(parsed.payload.view.state.values.task_title.input.value).toBe('Block 10.0.0.1 + rotate keys — café');
  });

  it("takes the user's team when the app is org-installed (team: null)", () => {
    const parsed = parseInteractionBody(formBody(blockActions({ actionId: 'case_assign_me', value: 'case:~1', team: null, userTeam: 'T0ORG' })));
    if (parsed.type !== 'block_actions') throw new Error('expected block_actions');
    expect(teamsOf(parsed.payload).teamId).toBe('T0ORG');
  });

  it("reads the app's workspace, the user's own and the enterprise apart (Slack Connect, Enterprise Grid)", () => {
    const parsed = parseInteractionBody(formBody(blockActions({ actionId: 'case_assign_me', value: 'case:~1', team: 'T0HOST', userTeam: 'E0ORG', enterprise: 'E0ORG' })));
    if (parsed.type !== 'block_actions') throw new Error('expected block_actions');
    expect(teamsOf(parsed.payload)).toEqual({ teamId: 'T0HOST', userTeamId: 'E0ORG', enterpriseId: 'E0ORG' });
    expect(parseInteractionBody(formBody({ type: 'view_closed', team: { id: 'T1' }, user: { id: 'U1', team_id: 'T2' } }))).toEqual({ type: 'other', payloadType: 'view_closed', teamId: 'T1', userTeamId: 'T2' });
  });

  it('acknowledges other interaction types without reading them', () => {
    expect(parseInteractionBody(formBody({ type: 'view_closed', team: { id: 'T1' }, user: { id: 'U1' } }))).toEqual({ type: 'other', payloadType: 'view_closed', teamId: 'T1' });
  });

  it('names the missing or bad field', () => {
    expect(problem('').field).toBe('payload');
    expect(problem('token=x&text=hello').field).toBe('payload');
    expect(problem('payload=%7Bnot-json').message).toBe('payload: expected JSON');
    expect(problem(formBody({ user: { id: 'U1' } })).field).toBe('payload.type');
    const noUser = blockActions({ actionId: 'case_assign_me', value: 'case:~1' }) as Record<string, unknown>;
    delete noUser.user;
    expect(problem(formBody(noUser)).field).toBe('payload.user');
    const noActions = { ...blockActions({ actionId: 'x' }), actions: [] };
    expect(problem(formBody(noActions)).field).toBe('payload.actions');
    const noView = { ...viewSubmission({ callbackId: 'x', values: {}, privateMetadata: '' }), view: undefined };
    expect(problem(formBody(noView)).field).toBe('payload.view');
  });
});
