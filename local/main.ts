/**
 * `npm start`: run hive-relay locally.
 *
 *   npm start                                   the example config (a console notifier)
 *   HIVE_RELAY_CONFIG=hive-relay.yaml npm start  your config (or: npm start -- --config FILE)
 *   npm start -- --data .hive-relay/data         keep the state table on disk
 *   PORT=8080 npm start                          another port (default 3000)
 */
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfigFile } from '../shared/config/load.js';
import { envName } from '../shared/adapters/secrets-local.js';
import type { RelayConfig } from '../shared/config/schema.js';
import { startLocalRelay, type LocalRelay } from './relay.js';
import type { LocalLogLevel } from './console-log.js';

export const EXAMPLE_CONFIG = fileURLToPath(new URL('../examples/hive-relay.example.yaml', import.meta.url));

const USAGE = `Usage: npm start [-- --config FILE] [--data DIR] [--port N] [--host ADDR]

Runs hive-relay on this machine: POST http://127.0.0.1:PORT/webhooks/thehive, with queues,
DLQs and the state table emulated in-process, and the same handler code as on AWS.

  --config FILE  relay config (YAML or JSON); default $HIVE_RELAY_CONFIG, else the example
  --data DIR     keep the state table and email outbox in DIR (default: in memory)
  --port N       HTTP port (default $PORT, else 3000)
  --host ADDR    address to listen on (default $HOST, else 127.0.0.1: this machine only).
                 0.0.0.0 lets TheHive in a container or on another machine post to the relay
  --help         this text

Secrets ({ secret: NAME } in the config) come from environment variables or from
.hive-relay/secrets.env (NAME=value lines; another file with HIVE_RELAY_SECRETS=path).
LOG_LEVEL=debug|info|warn|error sets how much is printed (default info).`;

/** A TheHive 3-style "case created" event, for the printed curl line. */
export const SAMPLE_EVENT = {
  operation: 'Creation',
  objectType: 'case',
  objectId: 'AV-sample-1',
  base: true,
  startDate: 1764115200000,
  details: {},
  object: { _type: 'case', id: 'AV-sample-1', caseId: 1, title: 'Hello from curl', severity: 2, tlp: 2, status: 'Open', owner: 'analyst' },
};

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The credentials part of the curl line. A made-up token is shown (it lives only for this
 * run); a configured one never is: the line names the shell variable it came from, or a
 * placeholder when it came from the secrets file.
 */
function credentialArgs(relay: LocalRelay, env: NodeJS.ProcessEnv): string[] {
  const { credentials } = relay;
  if (credentials.generated) return Object.entries(credentials.headers).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`);
  const secret = credentials.secrets[0];
  const variable = secret && env[envName(secret)] !== undefined ? `$${envName(secret)}` : undefined;
  const value = variable ?? `<${secret}>`;
  const quote = (text: string) => (variable ? `"${text}"` : shellQuote(text));
  const auth = relay.config.ingest.auth;
  if (auth.type === 'basic') return [`-u ${quote(`${auth.username}:${value}`)}`];
  return Object.keys(credentials.headers).map((name) => `-H ${quote(`${name}: ${auth.type === 'bearer' ? 'Bearer ' : ''}${value}`)}`);
}

export function curlLine(relay: LocalRelay, env: NodeJS.ProcessEnv = process.env): string {
  return ['curl -sS -X POST', relay.webhookUrl, `-H 'content-type: application/json'`, ...credentialArgs(relay, env), `-d ${shellQuote(JSON.stringify(SAMPLE_EVENT))}`].join(' ');
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

export function banner(relay: LocalRelay, configLabel: string, host = '127.0.0.1'): string {
  const { credentials } = relay;
  const auth =
    credentials.type === 'none'
      ? 'none (ingest.auth.type: none)'
      : credentials.generated
        ? `${Object.entries(credentials.headers).map(([n, v]) => `${n}: ${v}`).join(', ')}\n                (${credentials.secrets.join(', ')} unset: made up for this run; set it to keep a fixed one)`
        : `${credentials.type}, from ${credentials.secrets.join(', ')}`;
  const lines = [
    '',
    `hive-relay is running locally (${configLabel})`,
    '',
    `  Webhook URL:  ${relay.webhookUrl}`,
    `  Auth:         ${auth}`,
    `  Notifiers:    ${relay.config.notifiers.map((n) => `${n.name} (${n.type})`).join(', ') || 'none'}`,
    `  Health:       ${relay.url}/health`,
    '',
    'Send a test event:',
    `  ${curlLine(relay)}`,
    '',
  ];
  const unsetInShell = credentials.type !== 'none' && !credentials.generated && credentials.secrets.some((name) => process.env[envName(name)] === undefined);
  if (unsetInShell) lines.splice(-1, 0, `  (put the value of ${credentials.secrets.join(', ')} from your secrets file in place of <${credentials.secrets[0]}>)`);
  if (relay.missingSecrets.length) {
    lines.push(`Warning: no local value for ${relay.missingSecrets.join(', ')}: deliveries that need them go to the DLQ.`);
    lines.push('  Set them as environment variables or in .hive-relay/secrets.env (NAME=value).', '');
  }
  if (!isLoopback(host)) {
    lines.push(`Listening on ${host}: other machines and containers can reach the relay (TheHive in Docker:`);
    lines.push(`  http://host.docker.internal:${relay.port}/webhooks/thehive). The ingest credentials guard it; it is not`);
    lines.push('  built for production: use `cdk deploy` for that.', '');
  }
  lines.push('Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: { config: { type: 'string' }, data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean' } },
      allowPositionals: false,
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const configPath = args.values.config ?? process.env.HIVE_RELAY_CONFIG;
  let config: RelayConfig;
  try {
    config = loadConfigFile(configPath ?? EXAMPLE_CONFIG);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`hive-relay: the config ${error.source} is invalid:`);
      for (const problem of error.problems) console.error(`  - ${problem}`);
      return 1;
    }
    throw error;
  }
  const portText = args.values.port ?? process.env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`hive-relay: --port/PORT: expected a port number, got "${portText}"`);
    return 2;
  }
  const host = args.values.host ?? process.env.HOST ?? '127.0.0.1';
  if (host !== 'localhost' && !isIP(host)) {
    console.error(`hive-relay: --host/HOST: expected an IP address (127.0.0.1, 0.0.0.0, ::) or localhost, got "${host}"`);
    return 2;
  }
  const level = (process.env.LOG_LEVEL?.toLowerCase() ?? 'info') as LocalLogLevel;

  let relay: LocalRelay;
  try {
    relay = await startLocalRelay({ config, configPath, port, host, dataDir: args.values.data, logLevel: level });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') console.error(`hive-relay: port ${port} is in use; set PORT or --port to another one`);
    else if (code === 'EADDRNOTAVAIL') console.error(`hive-relay: ${host} is not an address of this machine; set HOST or --host to another one`);
    else console.error(`hive-relay: cannot start: ${(error as Error).message}`);
    return 1;
  }
  const label = configPath ? `config: ${configPath}` : `example config ${relative(process.cwd(), EXAMPLE_CONFIG)}; use --config or HIVE_RELAY_CONFIG for yours`;
  console.log(banner(relay, label, host));

  await new Promise<void>((resolve) => {
    const shutdown = () => resolve();
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  console.log('\nstopping…');
  await relay.stop();
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
