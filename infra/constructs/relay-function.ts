/**
 * One Lambda of the relay: a NodejsFunction bundled by the local esbuild (no Docker), minified
 * ESM for Node 22+ on arm64, with its own role (no AWS managed policies), its own log group
 * (retention set, JSON log format) and the validated config (and, for notifiers, their
 * precompiled templates) embedded in the bundle.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { customTranslatorSpecifier } from '../bundling/custom-translator.js';

/**
 * nodejs24.x: the newest Node runtime this CDK knows, so cdk-nag AwsSolutions-L1 passes with no
 * acknowledgement, and it is supported until 2028-04-30 (nodejs22.x only until 2027-04-30).
 * Bundles target node22 syntax so they also run unchanged on nodejs22.x (change only this line).
 */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;
export const ESBUILD_TARGET = 'node22';
export const LOG_RETENTION = RetentionDays.ONE_MONTH;

/**
 * ESM bundles that contain CommonJS dependencies (handlebars, …) need a `require`:
 * esbuild's shim calls the global one, which ESM lacks.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __hiveRelayCreateRequire } from 'node:module'; const require = __hiveRelayCreateRequire(import.meta.url);";

export interface RelayFunctionProps {
  /** absolute path of the handler module (functions/<entry>/handler.ts) */
  entry: string;
  description: string;
  timeout: Duration;
  environment: Record<string, string>;
  /** the validated config, embedded as `__HIVE_RELAY_CONFIG__` (secret references only) */
  configJson: string;
  /**
   * JSON of the templates this function renders, precompiled (shared/templates/precompile.ts),
   * embedded as `__HIVE_RELAY_TEMPLATES__`: the bundle then needs Handlebars' runtime only
   * (notify Lambdas)
   */
  templatesJson?: string;
  /** project root (package.json, package-lock.json, node_modules) */
  projectRoot: string;
  /**
   * absolute path of the module that `import('hive-relay-custom-translator')` resolves to in
   * this bundle (translate Lambdas of custom functions only; see ../bundling/custom-translator.ts)
   */
  customTranslator?: string;
}

export class RelayFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** what esbuild is told (kept for inspection: NodejsFunction does not expose it) */
  readonly bundling: BundlingOptions;

  constructor(scope: Construct, id: string, props: RelayFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `hive-relay: ${props.description}`,
    });
    // In place of AWSLambdaBasicExecutionRole (cdk-nag IAM4): write to its own log group only.
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Handler', {
      entry: props.entry,
      handler: 'handler',
      description: `hive-relay: ${props.description}`,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'hive-relay',
        POWERTOOLS_METRICS_NAMESPACE: 'HiveRelay',
        ...props.environment,
      },
      bundling: (this.bundling = {
        forceDockerBundling: false,
        minify: true,
        sourceMap: false,
        format: OutputFormat.ESM,
        target: ESBUILD_TARGET,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // The SDK v3 ships in the nodejs22.x/24.x runtimes: leaving it out keeps bundles small.
        // Handlebars only uses `source-map` for source maps of compiled templates, inside a
        // try/catch: left out, templates compile the same without them (-26 KB).
        externalModules: props.customTranslator
          ? ['@aws-sdk/*', 'source-map']
          : ['@aws-sdk/*', 'source-map', customTranslatorSpecifier],
        logLevel: LogLevel.WARNING,
        define: {
          __HIVE_RELAY_CONFIG__: JSON.stringify(props.configJson),
          ...(props.templatesJson === undefined ? {} : { __HIVE_RELAY_TEMPLATES__: JSON.stringify(props.templatesJson) }),
        },
        ...(props.customTranslator
          ? { esbuildArgs: { '--alias': `${customTranslatorSpecifier}=${props.customTranslator}` } }
          : {}),
      }),
    });
  }
}
