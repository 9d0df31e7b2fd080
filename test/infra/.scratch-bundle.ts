import { buildRelayApp } from '../../infra/relay-app.js';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const outdir = mkdtempSync(join(tmpdir(), 'hr-bundle-'));
let t0 = Date.now();
const { app } = buildRelayApp({
  configPath: 'test/infra/fixtures/minimal.yaml',
  appProps: { outdir, builtinCloudFormationValidation: false },
  entriesRoot: process.argv[2] ?? 'test/infra/fixtures/stub-entries',
});
app.synth();
console.log('synth ms', Date.now() - t0, outdir);
for (const d of readdirSync(outdir)) if (d.startsWith('asset.')) for (const f of readdirSync(join(outdir, d))) { const p = join(outdir, d, f); console.log(p, statSync(p).size); console.log(readFileSync(p,'utf8').slice(0, 400)); }
