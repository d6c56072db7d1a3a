import { Aws, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  Method,
  MethodLoggingLevel,
  RestApi,
  type MethodDeploymentOptions,
  type MethodOptions,
} from 'aws-cdk-lib/aws-apigateway';
import { Mfa, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routes } from '../../functions/platform/api/routes.js';
import type { StageSettings } from '../stages.js';

/** What the API needs from the rest of the stack. */
export interface SalesApiProps {
  settings: StageSettings;
  /** The one function behind every route; it dispatches on the route key. */
  handler: IFunction;
}

/**
 * The public REST API, built from the shared route list so the cloud and the
 * local HTTP front serve the same routes. `caller` routes need the caller's
 * identity; `link` routes are open and trust the signed link instead.
 */
export class SalesApi extends Construct {
  readonly restApi: RestApi;
  /** Present when the stage authenticates callers with Cognito. */
  readonly userPool?: UserPool;
  /**
   * The deployed stage's base URL, ending in `/`. Unlike `restApi.url` it
   * names the stage literally, so a function the workflow invokes can know it
   * without a dependency cycle through the API's deployment.
   */
  readonly url: string;

  constructor(scope: Construct, id: string, props: SalesApiProps) {
    super(scope, id);
    const { settings } = props;

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${settings.namePrefix}-api/access`,
      retention: settings.logRetention,
      removalPolicy: settings.removalPolicy,
    });

    this.restApi = new RestApi(this, 'RestApi', {
      restApiName: `${settings.namePrefix}-api`,
      description: 'cugar-sales: start and read runs, decide approvals',
      endpointTypes: [EndpointType.REGIONAL],
      // Access logs need the account's API Gateway CloudWatch role; kept on
      // delete because other stages in the account may rely on it.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: settings.stage,
        throttlingRateLimit: settings.apiThrottle.rateLimit,
        throttlingBurstLimit: settings.apiThrottle.burstLimit,
        methodOptions: routeThrottling(settings),
        // Execution logs of errors only: request bodies may hold contact details.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        tracingEnabled: true,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
      },
    });

    const host = `${this.restApi.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    this.url = `https://${host}/${settings.stage}/`;

    if (settings.auth === 'cognito') {
      this.userPool = new UserPool(this, 'Callers', {
        userPoolName: `${settings.namePrefix}-callers`,
        selfSignUpEnabled: false,
        passwordPolicy: {
          minLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireDigits: true,
          requireSymbols: true,
        },
        mfa: Mfa.REQUIRED,
        mfaSecondFactor: { otp: true, sms: false },
        removalPolicy: settings.removalPolicy,
      });
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Essentials plan: callers are a handful of staff accounts made by an admin, with ' +
          'MFA required; the Plus plan threat protection is not worth its per-user price yet.',
      });
      this.userPool.addClient('ApiClient', { authFlows: { userSrp: true } });
    }

    const callerAuth = this.callerAuthorization();
    const integration = new LambdaIntegration(props.handler);
    for (const route of routes) {
      const options = route.auth === 'caller' ? callerAuth : openAuthorization;
      const resource = this.restApi.root.resourceForPath(route.resource);
      const method = resource.addMethod(route.method, integration, options);
      if (route.auth === 'link') acknowledgeSignedLinkRoute(method);
      else if (!this.userPool) acknowledgeIamRoute(method);
    }
    this.acknowledgeFindings();
  }

  private acknowledgeFindings(): void {
    Validations.of(this.restApi.node.findChild('Resource')).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'The api function validates every request with zod and answers 400 naming each bad ' +
        'field; a gateway model would duplicate the schemas in start-run.ts and drift.',
    });
    Validations.of(this.restApi.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'No WAF yet: every caller route needs SigV4 or a Cognito token, link routes need an ' +
        'HMAC signature, and the stage and write routes are throttled. Known shortcoming: ' +
        'no IP reputation or rate-based blocking in front of the open link routes.',
    });
    const cloudWatchRole = this.restApi.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      const managed = 'arn:<AWS::Partition>:iam::aws:policy/service-role/';
      Validations.of(cloudWatchRole).acknowledge({
        id: `AwsSolutions-IAM4[Policy::${managed}AmazonAPIGatewayPushToCloudWatchLogs]`,
        reason:
          "API Gateway's account-wide logging role; this managed policy is the documented " +
          'way to let it write access and execution logs.',
      });
    }
  }

  private callerAuthorization(): MethodOptions {
    if (!this.userPool) return { authorizationType: AuthorizationType.IAM };
    const authorizer = new CognitoUserPoolsAuthorizer(this, 'CallerAuthorizer', {
      cognitoUserPools: [this.userPool],
    });
    return { authorizationType: AuthorizationType.COGNITO, authorizer };
  }
}

const openAuthorization: MethodOptions = { authorizationType: AuthorizationType.NONE };

/** Approval links are opened from an email by someone with no AWS or Cognito identity. */
function acknowledgeSignedLinkRoute(method: Method): void {
  const reason =
    'Opened from an approval email by someone with no AWS or Cognito identity; the link ' +
    'carries an HMAC-SHA256 signature and an expiry that the api function checks.';
  Validations.of(method).acknowledge(
    { id: 'AwsSolutions-APIG4', reason },
    { id: 'AwsSolutions-COG4', reason },
  );
}

/** In an `iam` stage callers sign with SigV4, which cdk-nag does not count as Cognito. */
function acknowledgeIamRoute(method: Method): void {
  Validations.of(method).acknowledge({
    id: 'AwsSolutions-COG4',
    reason: 'This stage authenticates callers by IAM (SigV4), not by a Cognito user pool.',
  });
}

/**
 * The stage's per-route limits as API Gateway method settings, keyed
 * `/runs/POST`; routes the stage does not name keep the stage's own limits.
 */
function routeThrottling(settings: StageSettings): Record<string, MethodDeploymentOptions> {
  const entries = Object.entries(settings.routeThrottles).map(([key, throttle]) => {
    const [method, resource] = key.split(' ');
    const options: MethodDeploymentOptions = {
      throttlingRateLimit: throttle?.rateLimit,
      throttlingBurstLimit: throttle?.burstLimit,
    };
    return [`${resource}/${method}`, options];
  });
  return Object.fromEntries(entries);
}
