/**
 * Slack interaction payloads as they arrive at the Interactivity Request URL: a form body with
 * one field, `payload`, holding JSON. Only the fields the relay reads are checked; Slack adds
 * fields over time, so objects stay open.
 */
import * as z from 'zod';
import { formatIssues } from '../config/errors.js';

const userSchema = z.looseObject({
  id: z.string().min(1),
  username: z.string().optional(),
  name: z.string().optional(),
  team_id: z.string().optional(),
});

/** null when the app is installed at the org (Enterprise Grid) level */
const teamSchema = z.looseObject({ id: z.string().min(1), domain: z.string().optional() }).nullish();

/** Enterprise Grid only; null elsewhere */
const enterpriseSchema = z.looseObject({ id: z.string().min(1) }).nullish();

const optionSchema = z.looseObject({ value: z.string() });

const actionSchema = z.looseObject({
  action_id: z.string().min(1),
  block_id: z.string().optional(),
  type: z.string(),
  action_ts: z.string().optional(),
  value: z.string().optional(),
  /** null when a static select is cleared */
  selected_option: optionSchema.nullish(),
  selected_user: z.string().nullish(),
});

export const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: userSchema,
  team: teamSchema,
  enterprise: enterpriseSchema,
  api_app_id: z.string().optional(),
  trigger_id: z.string().min(1),
  response_url: z.string().optional(),
  container: z.looseObject({ type: z.string(), message_ts: z.string().optional(), channel_id: z.string().optional() }).optional(),
  channel: z.looseObject({ id: z.string() }).nullish(),
  message: z.looseObject({ ts: z.string() }).optional(),
  actions: z.array(actionSchema).min(1),
});

const stateValueSchema = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: optionSchema.nullish(),
  selected_user: z.string().nullish(),
  selected_date: z.string().nullish(),
});

export const viewSubmissionSchema = z.looseObject({
  type: z.literal('view_submission'),
  user: userSchema,
  team: teamSchema,
  enterprise: enterpriseSchema,
  trigger_id: z.string().optional(),
  view: z.looseObject({
    id: z.string().min(1),
    callback_id: z.string(),
    private_metadata: z.string().default(''),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), stateValueSchema)) }),
  }),
});

export type BlockActionsPayload = z.infer<typeof blockActionsSchema>;
export type ViewSubmissionPayload = z.infer<typeof viewSubmissionSchema>;
export type SlackBlockAction = z.infer<typeof actionSchema>;
export type ViewStateValues = ViewSubmissionPayload['view']['state']['values'];

export type ParsedInteraction =
  | { type: 'block_actions'; payload: BlockActionsPayload }
  | { type: 'view_submission'; payload: ViewSubmissionPayload }
  /** other interaction types (view_closed, shortcuts…): acknowledged, nothing to do */
  | ({ type: 'other'; payloadType: string } & InteractionTeams);

export class PayloadError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'PayloadError';
  }
}

function firstProblem(error: z.ZodError): PayloadError {
  const [first] = formatIssues(error);
  const at = first.indexOf(': ');
  return new PayloadError(`payload.${first.slice(0, at)}`, first.slice(at + 2));
}

/** Form body → interaction. Throws PayloadError naming the bad field. */
export function parseInteractionBody(rawBody: string): ParsedInteraction {
  const text = new URLSearchParams(rawBody).get('payload');
  if (text === null || text === '') throw new PayloadError('payload', 'expected a form field holding the interaction JSON');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new PayloadError('payload', 'expected JSON');
  }
  if (typeof raw !== 'object' || raw === null || typeof (raw as { type?: unknown }).type !== 'string') {
    throw new PayloadError('payload.type', 'expected a string');
  }
  const type = (raw as { type: string }).type;
  if (type === 'block_actions') {
    const parsed = blockActionsSchema.safeParse(raw);
    if (!parsed.success) throw firstProblem(parsed.error);
    return { type, payload: parsed.data };
  }
  if (type === 'view_submission') {
    const parsed = viewSubmissionSchema.safeParse(raw);
    if (!parsed.success) throw firstProblem(parsed.error);
    return { type, payload: parsed.data };
  }
  return { type: 'other', payloadType: type, ...teamsOf(raw as LooseTeams) };
}

/**
 * The workspaces an interaction names. In a Slack Connect channel they differ: `team` is the
 * workspace of the app that posted the message, `user.team_id` the clicker's own (a partner
 * organisation's). On Enterprise Grid `user.team_id` may be the enterprise id (`E…`).
 */
export interface InteractionTeams {
  /** the workspace the app acts in: `team.id`, or the user's when the app is org-installed (`team: null`) */
  teamId?: string;
  /** the acting user's own workspace (`user.team_id`), when Slack sends it */
  userTeamId?: string;
  /** `enterprise.id` on Enterprise Grid */
  enterpriseId?: string;
}

type LooseTeams = { team?: { id?: unknown } | null; user?: { team_id?: unknown } | null; enterprise?: { id?: unknown } | null };
const stringOrUndefined = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

export function teamsOf(payload: LooseTeams): InteractionTeams {
  const userTeamId = stringOrUndefined(payload.user?.team_id);
  const teamId = stringOrUndefined(payload.team?.id) ?? userTeamId;
  const enterpriseId = stringOrUndefined(payload.enterprise?.id);
  return { ...(teamId ? { teamId } : {}), ...(userTeamId ? { userTeamId } : {}), ...(enterpriseId ? { enterpriseId } : {}) };
}

/** The workspace the acting user belongs to: theirs, not the shared channel's host, for logs and the audit trail. */
export const actorTeamOf = (teams: InteractionTeams): string | undefined => teams.userTeamId ?? teams.teamId;
