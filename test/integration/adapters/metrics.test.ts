import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryMetrics, powertoolsCounter } from '../../../shared/adapters/metrics.js';

afterEach(() => vi.restoreAllMocks());

describe('metrics', () => {
  it('writes EMF records: totals with the invocation, a breakdown per dimension on its own', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const metrics = new Metrics({ namespace: 'HiveRelayTest', serviceName: 'ingest' });
    const counter = powertoolsCounter(metrics);
    counter.count('IngestAccepted');
    counter.count('IngestRejected', 2, { reason: 'not-json' });
    metrics.publishStoredMetrics();
    const records = lines.flatMap((line) => line.split('\n')).filter((line) => line.includes('_aws')).map((line) => JSON.parse(line));
    const breakdown = records.find((r) => r.reason === 'not-json');
    expect(breakdown).toMatchObject({ IngestRejected: 2 });
    expect(breakdown._aws.CloudWatchMetrics[0].Namespace).toBe('HiveRelayTest');
    const totals = records.find((r) => r.IngestAccepted !== undefined);
    expect(totals).toMatchObject({ IngestAccepted: 1, IngestRejected: 2 });
    expect(totals.reason).toBeUndefined();
  });

  it('counts in memory, in total and per dimension', () => {
    const metrics = new InMemoryMetrics();
    metrics.count('Delivered', 1, { notifier: 'a' });
    metrics.count('Delivered', 2, { notifier: 'b' });
    expect(metrics.get('Delivered')).toBe(3);
    expect(metrics.get('Delivered', { notifier: 'b' })).toBe(2);
    expect(metrics.get('Missing')).toBe(0);
  });
});
