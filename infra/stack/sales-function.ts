import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageSettings } from '../stages.js';
import { repoPath, repoRoot } from './repo-paths.js';

/** What differs between our functions; everything else is shared. */
export interface SalesFunctionProps {
  settings: StageSettings;
  /** Short name, the suffix of the physical function name: `planner`, `api`. */
  name: string;
  /** Handler source relative to the repository root; it exports `handler`. */
  entry: string;
  timeout: Duration;
  memorySize?: number;
  environment: Record<string, string>;
}

/**
 * Our esbuild output is ESM, but bundled CommonJS dependencies still call
 * `require` for Node built-ins; this gives them one.
 */
const requireShim =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

/**
 * A Lambda function the way all of ours run: Node 22 on arm64, X-Ray on, its
 * own log group with the stage's retention, bundled locally by esbuild (there
 * is no Docker on the build machines) with only the runtime's AWS SDK left out.
 */
export class SalesFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: SalesFunctionProps) {
    const { settings } = props;
    const functionName = `${settings.namePrefix}-${props.name}`;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });

    super(scope, id, {
      functionName,
      entry: repoPath(props.entry),
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: repoPath('package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      timeout: props.timeout,
      memorySize: props.memorySize ?? 256,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'cugar-sales',
        POWERTOOLS_METRICS_NAMESPACE: 'CugarSales',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: requireShim,
        minify: true,
        sourceMap: true,
        externalModules: ['@aws-sdk/*'],
        logLevel: LogLevel.WARNING,
      },
    });
  }
}
