/**
 * CDK entry (cdk.json: `npx tsx infra/app.ts`).
 *   npx cdk synth  -c config=hive-relay.yaml
 *   npx cdk deploy -c config=hive-relay.yaml
 * An invalid config stops here with each error's path and a non-zero exit.
 */
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../shared/config/load.js';
import { buildRelayApp, DEFAULT_CONFIG_PATH } from './relay-app.js';

const app = new App();
const configPath = String(app.node.tryGetContext('config') ?? DEFAULT_CONFIG_PATH);

try {
  buildRelayApp({ app, configPath });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n(choose the file with: npx cdk synth -c config=path/to/hive-relay.yaml)\n`);
  process.exit(1);
}
app.synth();
