import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledCustomTranslatorLoader } from '../../../shared/functions/custom-bundled.js';
import { loadCustomTranslator } from '../../../shared/functions/custom-local.js';
import { checkActions, customTranslatorFrom } from '../../../shared/functions/translators/custom.js';
import { translatorFor } from '../../../shared/functions/translators/registry.js';
import { TranslationError } from '../../../shared/functions/translator.js';
import { NOW, fixture, fnConfig } from './helpers.js';

const fixturesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sources');

describe('custom translators', () => {
  it('loads a TypeScript module relative to the config file folder and runs it', async () => {
    const config = fnConfig({ type: 'custom', module: './custom/jamf-protect.ts', alert: { tags: ['mac'] } });
    const translator = await loadCustomTranslator(config, fixturesDir);
    const valid = translator.validate(fixture('custom/jamf-alert.json'));
    if (!valid.ok) throw new Error(valid.message);
    expect(translator.translate(valid.value, config, { now: NOW })).toEqual([
      {
        kind: 'createAlert',
        alert: expect.objectContaining({
          sourceRef: '6b0d4c2e-8f3a-4b1c-9d2e-7f6a5b4c3d2e',
          title: 'Gatekeeper bypass',
          severity: 3,
          date: NOW,
          tags: ['mac', 'jamf'],
          observables: [{ dataType: 'hostname', data: 'MacBook-Pro-of-Ann' }],
        }),
      },
    ]);
    expect(translator.validate({ input: {} })).toEqual({ ok: false, field: 'input.match.uuid', message: 'required' });
  });

  it('goes through the registry with a loader, and says when there is none', async () => {
    const config = fnConfig({ type: 'custom', module: './custom/default-export.mjs' });
    const translator = await translatorFor(config, (fn) => loadCustomTranslator(fn, fixturesDir));
    expect(translator.translate({ id: 7 }, config, { now: NOW })).toMatchObject([{ alert: { sourceRef: '7', title: 'from default export' } }]);
    await expect(translatorFor(config)).rejects.toThrow(/no loader/);
  });

  it('reports a module that cannot be loaded with the function name and path', async () => {
    const config = fnConfig({ name: 'mine', type: 'custom', module: './custom/nope.ts' });
    await expect(loadCustomTranslator(config, fixturesDir)).rejects.toThrow(/functions "mine": cannot load module \.\/custom\/nope\.ts/);
  });

  it('checks what user code returns, naming the bad field', async () => {
    const config = fnConfig({ type: 'custom', module: './custom/broken-output.mjs' });
    const translator = await loadCustomTranslator(config, fixturesDir);
    expect(() => translator.translate({}, config, { now: NOW })).toThrow(new TranslationError('required: a non-empty string', 'actions[0].alert.title'));
    expect(() => checkActions({})).toThrow(/actions: translate\(\) must return an array/);
    expect(() => checkActions([{ kind: 'explode' }])).toThrow(/actions\[0\]\.kind/);
    expect(() => checkActions([{ kind: 'addObservables', type: 't', source: 's', sourceRef: 'r', observables: [{ dataType: 'ip' }] }])).toThrow(
      /actions\[0\]\.observables\[0\]\.data/,
    );
    expect(checkActions([{ kind: 'ignore', reason: 'x' }])).toEqual([{ kind: 'ignore', reason: 'x' }]);
  });

  it('accepts a module without validate for any JSON object, and refuses a module without translate', () => {
    const translator = customTranslatorFrom({ translate: () => [] }, 'm');
    expect(translator.validate({ a: 1 })).toEqual({ ok: true, value: { a: 1 } });
    expect(translator.validate('text')).toMatchObject({ ok: false, field: '(root)' });
    expect(() => customTranslatorFrom({ nothing: true }, 'functions "x" module ./x.ts')).toThrow(/exports no translate/);
  });

  it('loads the bundled module through the import it is given', async () => {
    let imports = 0;
    const loader = bundledCustomTranslatorLoader(async () => {
      imports += 1;
      return { translator: { translate: () => [{ kind: 'ignore', reason: 'bundled' }] } };
    });
    const config = fnConfig({ type: 'custom', module: './x.ts' });
    const translator = await loader(config);
    expect(translator.translate({}, config, { now: NOW })).toEqual([{ kind: 'ignore', reason: 'bundled' }]);
    await loader(config);
    expect(imports).toBe(1);
  });
});

describe('custom validate() that throws', () => {
  it('is a refusal naming the module, not a crash', () => {
    const translator = customTranslatorFrom({ translate: () => [], validate: () => { throw new Error('oops'); } }, 'functions "x" module ./x.ts');
    expect(translator.validate({})).toEqual({ ok: false, field: '(root)', message: 'functions "x" module ./x.ts: validate() threw: oops' });
  });
});
