import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageSettings } from '../stages.js';
import { repoPath, repoRoot } from './repo-paths.js';
import { metricsNamespace, serviceName } from './sales-metrics.js';

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
 * Its role may write to its own log group, not to every log group as Lambda's
 * managed basic execution policy would allow.
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
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${functionName}: its logs, X-Ray, and the grants the stack adds`,
    });
    logGroup.grantWrite(role);

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
      role,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace,
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

    Validations.of(role.node.findChild('DefaultPolicy')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray (xray:PutTraceSegments, xray:PutTelemetryRecords) takes no resource ARN; ' +
        'tests/infra/nag.test.ts checks that X-Ray is all this role may do on "*".',
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node 22 on purpose: esbuild targets node22 and CI tests on Node 20 and 22; the ' +
        'runtime moves with the build target, not alone.',
    });
  }
}
