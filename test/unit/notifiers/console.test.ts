import { describe, expect, it } from 'vitest';
import { consoleNotifier } from '../../../shared/notifiers/console.js';
import { normalise } from '../../../shared/events/normalise.js';

const render = (payload: unknown) => {
  const result = normalise(payload);
  if (!result.ok) throw new Error(result.message);
  return consoleNotifier.render(result.event, { name: 'log', type: 'console', label: 'relay' } as never, { secret: () => '', now: 0 })[0];
};

describe('console notifier', () => {
  it('prints one line naming the object, its number, title, severity and actor', () => {
    const request = render({
      _type: 'Audit', action: 'create', objectType: 'Case', objectId: '~41', _createdAt: 1, _createdBy: 'alice@corp',
      object: { _id: '~41', _type: 'Case', number: 7, title: 'Phishing', severity: 3 },
    });
    expect(request).toMatchObject({ url: 'console:', method: 'POST' });
    expect(request.body).toBe('[relay] log: Case create ~41 #7 "Phishing" (HIGH) by alice@corp');
  });

  it('uses an observable’s data and cuts long titles', () => {
    const request = render({
      operation: 'Creation', objectType: 'case_artifact', objectId: 'A1', startDate: 1,
      object: { dataType: 'domain', data: `${'x'.repeat(100)}.example` },
    });
    expect(request.body).toMatch(/^\[relay\] log: Observable create A1 "x{79}…"$/);
  });
});
