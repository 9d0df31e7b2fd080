/**
 * Who may act on cases from Slack (`slack.allow`): the workspace must be listed; when channels
 * are listed the action must come from one of them; when user groups are listed the user must
 * belong to one of them.
 *
 * User-group membership is read with `usergroups.users.list` and cached per group for
 * `ttlMs` (default 60 s) in the container: at most one Slack call per group per minute keeps
 * the check inside Slack's 3-second ack, and a membership change takes effect within a minute.
 * When Slack cannot answer, the check fails closed (the user is refused).
 */
import type { Clock } from '../ports.js';
import type { InteractionTeams } from './payload.js';
import type { SlackConfig } from './schema.js';

export interface Actor {
  teamId: string | undefined;
  userId: string;
  /** absent for dialog submissions whose dialog carries no channel */
  channelId?: string;
}

export type Authorisation =
  | { ok: true }
  | { ok: false; reason: 'team' | 'channel' | 'user' | 'unavailable'; message: string };

export interface UserGroupDirectory {
  members(group: string): Promise<ReadonlySet<string>>;
}

export function cachedUserGroups(
  list: (group: string) => Promise<string[]>,
  clock: Clock,
  ttlMs = 60_000,
): UserGroupDirectory {
  const cache = new Map<string, { at: number; members: ReadonlySet<string> }>();
  return {
    async members(group) {
      const hit = cache.get(group);
      if (hit && clock.now() - hit.at < ttlMs) return hit.members;
      const members = new Set(await list(group));
      cache.set(group, { at: clock.now(), members });
      return members;
    },
  };
}

/** Workspace check alone: pure, done before anything else (a foreign workspace gets no Slack call). */
export function teamAllowed(allow: SlackConfig['allow'], teamId: string | undefined): boolean {
  return teamId !== undefined && allow.teams.includes(teamId);
}

/** A workspace check that failed: the refused workspace and the payload field naming it. */
export interface TeamRefusal {
  teamId: string | undefined;
  field: 'payload.team.id' | 'payload.user.team_id';
}

/**
 * Both workspaces must be allowed: the one the app acts in (`team.id`) and the user's own
 * (`user.team_id`), since in a Slack Connect channel a partner organisation's members click the
 * same buttons. On Enterprise Grid the user's team_id may be the enterprise id: it stands for
 * the user only when it is this payload's enterprise, whose workspace (`team.id`) is allowed.
 */
export function teamRefusal(allow: SlackConfig['allow'], teams: InteractionTeams): TeamRefusal | undefined {
  if (!teamAllowed(allow, teams.teamId)) return { teamId: teams.teamId, field: 'payload.team.id' };
  const own = teams.userTeamId;
  if (own === undefined || own === teams.teamId || teamAllowed(allow, own)) return undefined;
  if (teams.enterpriseId !== undefined && own === teams.enterpriseId) return undefined;
  return { teamId: own, field: 'payload.user.team_id' };
}

export async function authorise(allow: SlackConfig['allow'], actor: Actor, groups: UserGroupDirectory): Promise<Authorisation> {
  if (!teamAllowed(allow, actor.teamId)) {
    return { ok: false, reason: 'team', message: 'This Slack workspace is not allowed to act on TheHive cases.' };
  }
  if (allow.channels?.length && (!actor.channelId || !allow.channels.includes(actor.channelId))) {
    return { ok: false, reason: 'channel', message: 'Actions on TheHive cases are not allowed from this channel.' };
  }
  if (allow.userGroups?.length) {
    try {
      for (const group of allow.userGroups) {
        if ((await groups.members(group)).has(actor.userId)) return { ok: true };
      }
    } catch {
      return { ok: false, reason: 'unavailable', message: 'Could not check your user group membership; try again in a minute.' };
    }
    return { ok: false, reason: 'user', message: 'You are not in a user group allowed to act on TheHive cases.' };
  }
  return { ok: true };
}
