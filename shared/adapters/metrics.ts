/** Metrics port → Powertools Metrics (EMF lines on AWS), or in-memory counts (local runtime, tests). */
import { MetricUnit, type Metrics as PowertoolsMetrics } from '@aws-lambda-powertools/metrics';
import type { Metrics } from '../ports.js';

export function powertoolsCounter(metrics: PowertoolsMetrics): Metrics {
  return {
    count(name, value = 1, dimensions) {
      // the total, flushed with the invocation's other metrics…
      metrics.addMetric(name, MetricUnit.Count, value);
      if (!dimensions || !Object.keys(dimensions).length) return;
      // …and a breakdown as its own EMF record, so it does not tag the handler's other metrics
      const single = metrics.singleMetric();
      for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
      single.addMetric(name, MetricUnit.Count, value);
    },
  };
}

export class InMemoryMetrics implements Metrics {
  private readonly counts = new Map<string, number>();

  count(name: string, value = 1, dimensions?: Record<string, string>): void {
    const keys = [name, ...Object.entries(dimensions ?? {}).map(([key, dimension]) => `${name}{${key}=${dimension}}`)];
    for (const key of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + value);
  }

  /** `get('IngestRejected')` or `get('IngestRejected', { reason: 'not-json' })` */
  get(name: string, dimension?: Record<string, string>): number {
    const [entry] = Object.entries(dimension ?? {});
    return this.counts.get(entry ? `${name}{${entry[0]}=${entry[1]}}` : name) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
