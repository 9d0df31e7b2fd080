/**
 * Section 1: normalise + match + render on one core, over every TheHive fixture (v3, v4, v5
 * v0 and audit), against the bench's notifier set, rendering each match through its notifier
 * type with a RenderContext built as shared/delivery/deliver.ts builds it.
 */
import { normalise } from '../shared/events/normalise.js';
import { eventKey } from '../shared/events/key.js';
import type { RelayEvent } from '../shared/events/model.js';
import { matchNotifiers, type Match } from '../shared/triggers/match.js';
import { notifierTypeOf } from '../shared/notifiers/registry.js';
import type { RenderContext } from '../shared/notifiers/types.js';
import type { NotifierConfig } from '../shared/config/schema.js';
import { SecretNotFoundError } from '../shared/ports.js';
import { allFixtures, fixtureText } from '../test/fixtures/thehive/index.js';
import { benchSecrets, cpuBenchConfig } from './notifiers.js';
import { blackhole, measureRate } from './stats.js';

export interface PipelineResult {
  fixtures: number;
  notifiers: number;
  /** matches per event, averaged over the fixtures */
  matchesPerEvent: number;
  requestsPerEvent: number;
  renderErrors: number;
  /** events per wall-clock second (lower when other processes share the cores) */
  eventsPerSecond: { median: number; best: number };
  /** events per CPU second of this process: the one-core figure */
  eventsPerCpuSecond: { median: number; best: number };
  /** the share of a core the process got while measuring */
  cpuShare: number;
  /** each stage alone, over the same inputs, per CPU second (median round) */
  stages: { normalise: number; match: number; render: number; jsonParse: number };
  /** renders per CPU second of each notifier alone, over the events it matches (where render time goes) */
  renderByNotifier: Record<string, { type: string; events: number; rendersPerCpuSecond: number }>;
  /** share of the per-event time each stage takes (from the stage rates) */
  split: { normalise: number; match: number; render: number };
}

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

function renderContext(key: string): RenderContext {
  return {
    thehiveUrl: cpuBenchConfig.thehive?.url,
    secret: (ref) => {
      const name = typeof ref === 'string' ? ref : ref.secret;
      const value = benchSecrets[name];
      if (value === undefined) throw new SecretNotFoundError(name, 'not referenced in the notifier config');
      return value;
    },
    memory: undefined,
    now: NOW,
    eventKey: key,
  };
}

export function runPipelineBench(options: { warmupMs: number; rounds: number; roundMs: number }): PipelineResult {
  const notifiers = cpuBenchConfig.notifiers;
  const inputs = allFixtures().map(([version, name]) => {
    const text = fixtureText(version, name);
    return { text, payload: JSON.parse(text) as unknown, ctx: renderContext(eventKey(text)) };
  });
  const types = new Map(notifiers.map((n) => [n.name, notifierTypeOf(n.type)]));

  let renderErrors = 0;
  const render = (event: RelayEvent, notifier: NotifierConfig, ctx: RenderContext): number => {
    try {
      const requests = types.get(notifier.name)!.render(event, notifier, ctx);
      let bytes = 0;
      for (const request of requests) bytes += request.body?.length ?? 0;
      return requests.length + bytes;
    } catch {
      renderErrors++;
      return 0;
    }
  };

  // correctness pass (and the inputs of the per-stage runs)
  const events: Array<{ event: RelayEvent; ctx: RenderContext }> = [];
  const pairs: Array<{ event: RelayEvent; match: Match; ctx: RenderContext }> = [];
  let requests = 0;
  for (const input of inputs) {
    const result = normalise(input.payload);
    if (!result.ok) continue;
    events.push({ event: result.event, ctx: input.ctx });
    for (const match of matchNotifiers(result.event, notifiers)) {
      pairs.push({ event: result.event, match, ctx: input.ctx });
      requests += types.get(match.notifier.name)!.render(result.event, match.notifier, input.ctx).length;
    }
  }
  if (!events.length || !pairs.length) throw new Error('pipeline bench: no fixture normalised or matched; check the fixtures and notifiers');
  renderErrors = 0;

  const full = measureRate((i) => {
    const input = inputs[i % inputs.length];
    const result = normalise(input.payload);
    if (!result.ok) return;
    for (const match of matchNotifiers(result.event, notifiers)) blackhole.value += render(result.event, match.notifier, input.ctx);
  }, options);

  const stageOptions = { warmupMs: Math.min(300, options.warmupMs), rounds: 3, roundMs: Math.max(300, options.roundMs / 2) };
  const normaliseRate = measureRate((i) => {
    const result = normalise(inputs[i % inputs.length].payload);
    blackhole.value += result.ok ? 1 : 0;
  }, stageOptions);
  const matchRate = measureRate((i) => {
    blackhole.value += matchNotifiers(events[i % events.length].event, notifiers).length;
  }, stageOptions);
  // render per event = all of that event's matches, so the stage rates add up per event
  const byEvent = events.map(({ event, ctx }) => ({ event, ctx, matches: pairs.filter((p) => p.event === event).map((p) => p.match) }));
  const renderRate = measureRate((i) => {
    const { event, ctx, matches } = byEvent[i % byEvent.length];
    for (const match of matches) blackhole.value += render(event, match.notifier, ctx);
  }, stageOptions);
  const parseRate = measureRate((i) => {
    blackhole.value += (JSON.parse(inputs[i % inputs.length].text) as object) ? 1 : 0;
  }, stageOptions);

  const renderByNotifier: PipelineResult['renderByNotifier'] = {};
  for (const notifier of notifiers) {
    const mine = pairs.filter((pair) => pair.match.notifier === notifier);
    if (!mine.length) continue;
    const rate = measureRate((i) => {
      const { event, ctx } = mine[i % mine.length];
      blackhole.value += render(event, notifier, ctx);
    }, { warmupMs: 100, rounds: 2, roundMs: 200, batch: 16 });
    renderByNotifier[notifier.name] = { type: notifier.type, events: mine.length, rendersPerCpuSecond: rate.perCpuSecond.best };
  }

  const cost = { normalise: 1 / normaliseRate.perCpuSecond.median, match: 1 / matchRate.perCpuSecond.median, render: 1 / renderRate.perCpuSecond.median };
  const total = cost.normalise + cost.match + cost.render;
  return {
    fixtures: inputs.length,
    notifiers: notifiers.length,
    matchesPerEvent: pairs.length / events.length,
    requestsPerEvent: requests / events.length,
    renderErrors,
    eventsPerSecond: full.perSecond,
    eventsPerCpuSecond: full.perCpuSecond,
    cpuShare: full.cpuShare,
    stages: {
      normalise: normaliseRate.perCpuSecond.median,
      match: matchRate.perCpuSecond.median,
      render: renderRate.perCpuSecond.median,
      jsonParse: parseRate.perCpuSecond.median,
    },
    renderByNotifier,
    split: { normalise: cost.normalise / total, match: cost.match / total, render: cost.render / total },
  };
}
