import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  RestApi,
  type MethodOptions,
} from 'aws-cdk-lib/aws-apigateway';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
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
        removalPolicy: settings.removalPolicy,
      });
      this.userPool.addClient('ApiClient', { authFlows: { userSrp: true } });
    }

    const callerAuth = this.callerAuthorization();
    const integration = new LambdaIntegration(props.handler);
    for (const route of routes) {
      const options = route.auth === 'caller' ? callerAuth : openAuthorization;
      const resource = this.restApi.root.resourceForPath(route.resource);
      resource.addMethod(route.method, integration, options);
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
