/**
 * `hive-relay route EVENT.json`: what the relay would do with a TheHive webhook payload —
 * the normalised event, the triggers it fires, the notifiers that match (and through which
 * triggers) and the requests each would make — printed as JSON. Nothing is sent, no secret
 * is read (secrets show as «secret:NAME»), nothing is remembered.
 */
import { readFileSync } from 'node:fs';
import { loadConfigFile } from '../../shared/config/load.js';
import { eventKey as keyOf } from '../../shared/events/key.js';
import { normalise } from '../../shared/events/normalise.js';
import type { RelayEvent } from '../../shared/events/model.js';
import { notifierTypeOf } from '../../shared/notifiers/registry.js';
import type { OutboundRequest, RenderContext } from '../../shared/notifiers/types.js';
import { firedTriggers } from '../../shared/triggers/catalogue.js';
import { matchNotifiers } from '../../shared/triggers/match.js';
import type { NotifierConfig, RelayConfig } from '../../shared/config/schema.js';
import { CliError, type CliIo } from '../io.js';
import type { CommonOptions } from '../main.js';
import { SecretPlaceholders } from '../secret-placeholders.js';

interface RoutedRequest {
  key: string;
  method: string;
  url?: string;
  headers?: Record<string, string>;
  /** parsed when it is JSON */
  body?: unknown;
  transport?: 'http' | 'email';
  dependsOn?: string;
}

export interface RoutedNotifier {
  name: string;
  type: string;
  triggers: string[];
  requests?: RoutedRequest[];
  /** why it could not render: the delivery would park the event in its DLQ with this reason */
  error?: string;
}

interface RouteReport {
  config: string;
  eventKey: string;
  event: RelayEvent;
  triggers: string[];
  notifiers: RoutedNotifier[];
  notMatched: string[];
}

/** Reads and checks the payload; every problem names the file and the field. */
function readEvent(path: string): { raw: string; event: RelayEvent } {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch (error) {
    throw new CliError(`${path}: body: not valid JSON: ${(error as Error).message.replace(/\s+/g, ' ')}`);
  }
  const result = normalise(payload);
  if (!result.ok) throw new CliError(`${path}: ${result.field}: ${result.message}`);
  return { raw, event: result.event };
}

function parsedBody(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? parsed : body;
  } catch {
    return body;
  }
}

function describe(request: OutboundRequest): RoutedRequest {
  return {
    key: request.key,
    method: request.method,
    ...(request.transport === 'email' ? { transport: 'email' as const } : { url: request.url }),
    ...(request.headers && Object.keys(request.headers).length ? { headers: request.headers } : {}),
    ...(request.body !== undefined ? { body: parsedBody(request.body) } : {}),
    ...(request.dependsOn ? { dependsOn: request.dependsOn } : {}),
  };
}

function routeEvent(config: RelayConfig, configPath: string, raw: string, event: RelayEvent, now: number): RouteReport {
  const eventKey = keyOf(raw);
  const matches = matchNotifiers(event, config.notifiers);
  const matched = new Set(matches.map((match) => match.notifier.name));
  return {
    config: configPath,
    eventKey,
    event,
    triggers: firedTriggers(event),
    notifiers: matches.map(({ notifier, triggers }) => renderFor(notifier, triggers, event, { thehiveUrl: config.thehive?.url, now, eventKey })),
    notMatched: config.notifiers.filter((notifier) => !matched.has(notifier.name)).map((notifier) => notifier.name),
  };
}

function renderFor(notifier: NotifierConfig, triggers: string[], event: RelayEvent, base: Omit<RenderContext, 'secret'>): RoutedNotifier {
  const secrets = new SecretPlaceholders();
  // a first message: what an earlier delivery remembered (e.g. a Slack thread) is not read here
  const context: RenderContext = { ...base, secret: secrets.secret };
  const entry: RoutedNotifier = { name: notifier.name, type: notifier.type, triggers };
  try {
    entry.requests = notifierTypeOf(notifier.type).render(event, notifier, context).map(describe);
  } catch (error) {
    entry.error = `render: ${(error as Error).message}`;
  }
  return secrets.revealDeep(entry);
}

export async function routeCommand(file: string | undefined, common: CommonOptions, io: CliIo, now: () => number = Date.now): Promise<number> {
  if (!file) throw new CliError('usage: hive-relay route EVENT.json [--config FILE]', 2);
  const config = loadConfigFile(common.configPath);
  const { raw, event } = readEvent(file);
  io.out(JSON.stringify(routeEvent(config, common.configPath, raw, event, now()), null, 2));
  return 0;
}
