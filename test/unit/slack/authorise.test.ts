import { describe, expect, it } from 'vitest';
import { authorise, cachedUserGroups, teamAllowed, teamRefusal } from '../../../shared/slack/authorise.js';

const directory = (groups: Record<string, string[]>, calls: string[] = []) => ({
  async members(group: string) {
    calls.push(group);
    return new Set(groups[group] ?? []);
  },
});

describe('Slack authorisation', () => {
  it('requires a listed workspace', async () => {
    const allow = { teams: ['T1'] };
    expect(teamAllowed(allow, 'T1')).toBe(true);
    expect(teamAllowed(allow, 'T2')).toBe(false);
    expect(teamAllowed(allow, undefined)).toBe(false);
    expect(await authorise(allow, { teamId: 'T2', userId: 'U1', channelId: 'C1' }, directory({}))).toMatchObject({ ok: false, reason: 'team' });
    expect(await authorise(allow, { teamId: 'T1', userId: 'U1' }, directory({}))).toEqual({ ok: true });
  });

  it('requires the user\'s own workspace too (Slack Connect), or the enterprise of an allowed workspace (Enterprise Grid)', () => {
    const allow = { teams: ['T1', 'T2'] };
    expect(teamRefusal(allow, { teamId: 'T1' })).toBeUndefined();
    expect(teamRefusal(allow, { teamId: 'T1', userTeamId: 'T1' })).toBeUndefined();
    expect(teamRefusal(allow, { teamId: 'T1', userTeamId: 'T2' })).toBeUndefined();
    expect(teamRefusal(allow, { teamId: 'T1', userTeamId: 'T9' })).toEqual({ teamId: 'T9', field: 'payload.user.team_id' });
    expect(teamRefusal(allow, { teamId: 'T9', userTeamId: 'T1' })).toEqual({ teamId: 'T9', field: 'payload.team.id' });
    expect(teamRefusal(allow, {})).toEqual({ teamId: undefined, field: 'payload.team.id' });
    expect(teamRefusal(allow, { teamId: 'T1', userTeamId: 'E1', enterpriseId: 'E1' })).toBeUndefined();
    expect(teamRefusal(allow, { teamId: 'T1', userTeamId: 'E2', enterpriseId: 'E1' })).toEqual({ teamId: 'E2', field: 'payload.user.team_id' });
    expect(teamRefusal(allow, { teamId: 'T9', userTeamId: 'E1', enterpriseId: 'E1' })?.field).toBe('payload.team.id');
  });

  it('checks channels only when listed', async () => {
    const allow = { teams: ['T1'], channels: ['C1'] };
    expect(await authorise(allow, { teamId: 'T1', userId: 'U1', channelId: 'C1' }, directory({}))).toEqual({ ok: true });
    expect(await authorise(allow, { teamId: 'T1', userId: 'U1', channelId: 'C2' }, directory({}))).toMatchObject({ ok: false, reason: 'channel' });
    expect(await authorise(allow, { teamId: 'T1', userId: 'U1' }, directory({}))).toMatchObject({ ok: false, reason: 'channel' });
  });

  it('requires membership of one listed user group', async () => {
    const allow = { teams: ['T1'], userGroups: ['S1', 'S2'] };
    const groups = directory({ S1: ['U1'], S2: ['U2'] });
    expect(await authorise(allow, { teamId: 'T1', userId: 'U2' }, groups)).toEqual({ ok: true });
    expect(await authorise(allow, { teamId: 'T1', userId: 'U9' }, groups)).toMatchObject({ ok: false, reason: 'user' });
  });

  it('fails closed when Slack cannot list a group', async () => {
    const broken = { members: async () => Promise.reject(new Error('missing_scope')) };
    expect(await authorise({ teams: ['T1'], userGroups: ['S1'] }, { teamId: 'T1', userId: 'U1' }, broken)).toMatchObject({ ok: false, reason: 'unavailable' });
  });

  it('caches group members for the TTL, then asks Slack again', async () => {
    let now = 0;
    const asked: string[] = [];
    const members: Record<string, string[]> = { S1: ['U1'] };
    const groups = cachedUserGroups(async (g) => (asked.push(g), members[g]), { now: () => now }, 60_000);
    expect((await groups.members('S1')).has('U1')).toBe(true);
    members.S1 = ['U2'];
    now = 59_000;
    expect((await groups.members('S1')).has('U1')).toBe(true);
    now = 60_000;
    expect((await groups.members('S1')).has('U2')).toBe(true);
    expect(asked).toEqual(['S1', 'S1']);
  });
});
