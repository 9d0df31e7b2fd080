import { buildRelayApp } from '../../infra/relay-app.js';
import { Template } from 'aws-cdk-lib/assertions';
import { writeFileSync } from 'node:fs';
const { stack } = buildRelayApp({
  configPath: process.argv[2] ?? 'test/infra/fixtures/relay.yaml',
  appProps: { context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false },
  entriesRoot: 'test/infra/fixtures/stub-entries',
});
writeFileSync('/tmp/hr-scratch/template.json', JSON.stringify(Template.fromStack(stack).toJSON(), null, 1));
