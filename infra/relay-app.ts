/** Build the relay's CDK app from a config file (used by infra/app.ts and the tests). */
import { fileURLToPath } from 'node:url';
import { App, type AppProps } from 'aws-cdk-lib';
import { loadConfigFile } from '../shared/config/load.js';
import type { RelayConfig } from '../shared/config/schema.js';
import { addNagChecks } from './nag.js';
import { RelayStack } from './relay-stack.js';

export const DEFAULT_CONFIG_PATH = 'examples/hive-relay.example.yaml';
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

export interface RelayAppOptions {
  /** config file; relative paths are resolved against the working directory */
  configPath: string;
  /** an App to add the stack to (the CDK CLI's); a new one with `appProps` otherwise */
  app?: App;
  appProps?: AppProps;
  projectRoot?: string;
  entriesRoot?: string;
}

export interface RelayApp {
  app: App;
  stack: RelayStack;
  config: RelayConfig;
}

/** Throws ConfigError (each problem with its path) when the config is invalid. */
export function buildRelayApp(options: RelayAppOptions): RelayApp {
  const config = loadConfigFile(options.configPath);
  const app = options.app ?? new App(options.appProps);
  const stack = new RelayStack(app, config.stackName, {
    config,
    configPath: options.configPath,
    projectRoot: options.projectRoot ?? PROJECT_ROOT,
    entriesRoot: options.entriesRoot,
  });
  addNagChecks(app);
  return { app, stack, config };
}
