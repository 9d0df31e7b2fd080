/**
 * Adaptive Cards for Teams Workflows: the default card of an event, the envelope the
 * Workflows "post card" template iterates (`attachments[]` of Adaptive Cards; a bare card or
 * `{text}` makes the flow fail while the webhook still answers 202), and the size limit.
 */
import type { TemplateVariables } from '../templates/render.js';
import { summariseWithRoot, type MessageSummary } from './defaults/summary.js';
import { limits, truncate, truncateUtf8, utf8Length } from './limits.js';
import { utcMinute } from './utc-time.js';
import { isRecord } from '../json.js';

type Json = Record<string, unknown>;

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Workflows reject 1.5 cards (reported); 1.4 is safe. */
export const ADAPTIVE_CARD_VERSION = '1.4';

/** Description shown in a card: a summary, not the whole report. */
const DESCRIPTION_CHARS = 3000;

function containerStyle(summary: MessageSummary): string {
  if (summary.state === 'closed') return 'emphasis';
  return ({ 4: 'attention', 3: 'warning', 2: 'accent' } as Record<number, string>)[summary.severity ?? 0] ?? 'default';
}

export function defaultCard(variables: TemplateVariables): Json {
  const { event, root } = summariseWithRoot(variables.event, { link: variables.url });
  const shown = event.objectType === 'Case' || event.objectType === 'Alert' ? event : root ?? event;
  const body: Json[] = [
    {
      type: 'Container',
      style: containerStyle(shown),
      bleed: true,
      items: [
        { type: 'TextBlock', text: event.headline, size: 'Small', weight: 'Bolder', isSubtle: true, wrap: true },
        { type: 'TextBlock', text: event.label, size: 'Large', weight: 'Bolder', wrap: true },
        ...(event !== shown ? [{ type: 'TextBlock', text: shown.label, isSubtle: true, wrap: true, spacing: 'None' }] : []),
      ],
    },
  ];
  const facts = event.facts.map((fact) => ({ title: fact.label, value: fact.value }));
  if (event.tags.length) facts.push({ title: 'Tags', value: event.tags.join(', ') });
  if (facts.length) body.push({ type: 'FactSet', facts });
  if (event.changes.length) body.push({ type: 'TextBlock', text: `Changed: ${event.changes.map((c) => `${c.label} → **${c.value}**`).join(', ')}`, wrap: true });
  if (event.text) body.push({ type: 'TextBlock', text: truncate(event.text, DESCRIPTION_CHARS), wrap: true });
  const by = [event.actor ? `by ${event.actor}` : undefined, event.at ? utcMinute(event.at) : undefined].filter(Boolean).join(' · ');
  if (by) body.push({ type: 'TextBlock', text: by, size: 'Small', isSubtle: true, wrap: true });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    msteams: { width: 'Full' },
    body,
    ...(variables.url ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in TheHive', url: variables.url }] } : {}),
  };
}

/** The Workflows envelope around one or more cards. */
export const workflowsEnvelope = (cards: Json[]): Json => ({
  type: 'message',
  attachments: cards.map((content) => ({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content })),
});

/** A card holding plain text (a text template). */
export const textCard = (text: string): Json => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: ADAPTIVE_CARD_VERSION,
  body: [{ type: 'TextBlock', text, wrap: true }],
});

/** A user's JSON template: a whole envelope, one Adaptive Card, or a card body (array of elements). */
export function envelopeOf(value: unknown): Json {
  if (Array.isArray(value)) return workflowsEnvelope([{ ...textCard(''), body: value }]);
  if (isRecord(value) && Array.isArray(value.attachments)) return value;
  if (isRecord(value) && value.type === 'AdaptiveCard') return workflowsEnvelope([value]);
  return workflowsEnvelope([textCard(typeof value === 'string' ? value : JSON.stringify(value))]);
}

/** Every text a reader sees (TextBlock/TextRun text, fact values), for cutting the longest. */
function texts(node: unknown, found: { holder: Json; key: string }[] = []): { holder: Json; key: string }[] {
  if (Array.isArray(node)) for (const item of node) texts(item, found);
  else if (isRecord(node)) {
    if ((node.type === 'TextBlock' || node.type === 'TextRun') && typeof node.text === 'string') found.push({ holder: node, key: 'text' });
    if (typeof node.title === 'string' && typeof node.value === 'string' && node.type === undefined) found.push({ holder: node, key: 'value' });
    for (const value of Object.values(node)) if (typeof value === 'object') texts(value, found);
  }
  return found;
}

const size = (value: unknown) => utf8Length(JSON.stringify(value));

/** The request body: the envelope as JSON, under the size limit (serialised once when it fits, as most do). */
export function teamsPayloadJson(envelope: Json, maxBytes: number = limits.teams.payloadBytes): string {
  const json = JSON.stringify(envelope);
  // a UTF-16 code unit is at most 3 UTF-8 bytes: most cards are counted without a scan
  return json.length * 3 <= maxBytes || utf8Length(json) <= maxBytes ? json : JSON.stringify(fitTeamsPayload(envelope, maxBytes));
}

/**
 * Keep the serialised envelope under the size limit: cut the longest texts first (with a
 * marker), and as a last resort drop trailing body elements.
 */
export function fitTeamsPayload(envelope: Json, maxBytes: number = limits.teams.payloadBytes): Json {
  if (size(envelope) <= maxBytes) return envelope;
  const copy = JSON.parse(JSON.stringify(envelope)) as Json;
  for (let round = 0; round < 50; round++) {
    const excess = size(copy) - maxBytes;
    if (excess <= 0) return copy;
    const candidates = texts(copy).filter(({ holder, key }) => (holder[key] as string).length > 200);
    if (!candidates.length) break;
    const longest = candidates.reduce((a, b) => ((a.holder[a.key] as string).length >= (b.holder[b.key] as string).length ? a : b));
    const text = longest.holder[longest.key] as string;
    // JSON escaping can make a character cost more than its UTF-8 bytes: a small margin, then measure again
    longest.holder[longest.key] = truncateUtf8(text, Math.max(200, utf8Length(text) - excess - 64));
  }
  for (let body = longestBody(copy); size(copy) > maxBytes && body && body.length > 1; body = longestBody(copy)) body.pop();
  return copy;
}

const longestBody = (envelope: Json): Json[] | undefined => cardBodies(envelope).sort((a, b) => b.length - a.length)[0];

function cardBodies(envelope: Json): Json[][] {
  const attachments = Array.isArray(envelope.attachments) ? envelope.attachments : [];
  return attachments.map((a) => (isRecord(a) && isRecord(a.content) && Array.isArray(a.content.body) ? (a.content.body as Json[]) : [])).filter((b) => b.length);
}
