import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/platform/api/routes.js';
import {
  functionLogicalId,
  referencedIds,
  synthesizeStack,
  type SynthesizedStack,
} from './template.js';

type Resource = { Type: string; Properties: Record<string, any> };

const iam = synthesizeStack('dev');
const cognito = synthesizeStack('dev', { auth: 'cognito' });
const prod = synthesizeStack('prod');

describe('REST API', () => {
  it('has one method per route and nothing else, so no CORS preflight', () => {
    expect(
      methodsByRoute(iam)
        .map(([key]) => key)
        .sort(),
    ).toEqual(routes.map((route) => `${route.method} ${route.resource}`).sort());
  });

  it('sends every route to the api function through a Lambda proxy integration', () => {
    const apiFunction = functionLogicalId(iam, 'api');
    for (const [, method] of methodsByRoute(iam)) {
      const integration = method.Properties.Integration;
      expect(integration.Type).toBe('AWS_PROXY');
      expect(integration.IntegrationHttpMethod).toBe('POST');
      expect(JSON.stringify(integration.Uri)).toContain(`"${apiFunction}","Arn"`);
    }
  });

  it('leaves only the two signed-link approval routes open', () => {
    const open = methodsByRoute(iam).filter(([, method]) => authOf(method)[0] === 'NONE');

    expect(open.map(([key]) => key).sort()).toEqual([
      'GET /approvals/{approvalId}',
      'POST /approvals/{approvalId}',
    ]);
  });

  it('asks callers for SigV4 and leaves signed-link routes open when auth is iam', () => {
    const authorization = methodsByRoute(iam).map(([key, m]) => [key, authOf(m)]);

    expect(Object.fromEntries(authorization)).toEqual(
      expectedAuthorization(['AWS_IAM', undefined]),
    );
    expect(authorization).toContainEqual(['POST /runs', ['AWS_IAM', undefined]]);
    iam.template.resourceCountIs('AWS::ApiGateway::Authorizer', 0);
    iam.template.resourceCountIs('AWS::Cognito::UserPool', 0);
  });

  it('asks callers for a Cognito token, and leaves link routes open, when auth is cognito', () => {
    const [authorizerId, authorizer] = onlyResource(cognito, 'AWS::ApiGateway::Authorizer');
    const [userPoolId] = onlyResource(cognito, 'AWS::Cognito::UserPool');
    const authorization = methodsByRoute(cognito).map(([key, m]) => [key, authOf(m)]);

    expect(authorizer.Properties.Type).toBe('COGNITO_USER_POOLS');
    expect(authorizer.Properties.ProviderARNs).toEqual([{ 'Fn::GetAtt': [userPoolId, 'Arn'] }]);
    expect(Object.fromEntries(authorization)).toEqual(
      expectedAuthorization(['COGNITO_USER_POOLS', { Ref: authorizerId }]),
    );
    expect(authorization).toContainEqual([
      'POST /runs',
      ['COGNITO_USER_POOLS', { Ref: authorizerId }],
    ]);
  });

  it('throttles, traces and access-logs the stage, and logs errors without bodies', () => {
    const [, stage] = onlyResource(iam, 'AWS::ApiGateway::Stage');
    const destination = referencedIds(stage.Properties.AccessLogSetting.DestinationArn);
    const logGroupId = destination.filter((id) => !id.startsWith('AWS::'));
    const logGroups = logGroupId.map((id) => iam.template.toJSON().Resources[id]);

    expect(stage.Properties.StageName).toBe('dev');
    expect(stage.Properties.TracingEnabled).toBe(true);
    expect(stage.Properties.MethodSettings[0]).toEqual({
      HttpMethod: '*',
      ResourcePath: '/*',
      ThrottlingRateLimit: 10,
      ThrottlingBurstLimit: 20,
      LoggingLevel: 'ERROR',
      DataTraceEnabled: false,
    });
    expect(logGroups.map((group) => group.Properties.LogGroupName)).toEqual([
      '/aws/apigateway/cugar-sales-dev-api/access',
    ]);
    expect(JSON.parse(stage.Properties.AccessLogSetting.Format)).toHaveProperty('requestId');
  });

  it('throttles starting runs and deciding approvals below the reads, per stage', () => {
    const routeSettings = (stack: SynthesizedStack) => {
      const [, stage] = onlyResource(stack, 'AWS::ApiGateway::Stage');
      return stage.Properties.MethodSettings.slice(1).map((setting: any) => [
        `${setting.HttpMethod} ${setting.ResourcePath}`,
        setting.ThrottlingRateLimit,
        setting.ThrottlingBurstLimit,
      ]);
    };

    expect(routeSettings(iam)).toEqual([
      ['POST /~1runs', 2, 5],
      ['POST /~1approvals~1{approvalId}', 2, 5],
    ]);
    expect(routeSettings(prod)).toEqual([
      ['POST /~1runs', 10, 20],
      ['POST /~1approvals~1{approvalId}', 10, 20],
    ]);
  });

  it('refuses a route throttle for a route the API does not have', () => {
    const routeThrottles = { 'DELETE /runs': { rateLimit: 1, burstLimit: 1 } };

    expect(() => synthesizeStack('dev', { routeThrottles })).toThrow(
      "dev: no route 'DELETE /runs' to throttle",
    );
  });

  it("refuses a route throttle above the stage's own limits", () => {
    const routeThrottles = { 'POST /runs': { rateLimit: 11, burstLimit: 5 } };

    expect(() => synthesizeStack('dev', { routeThrottles })).toThrow(
      "dev: 'POST /runs' is throttled above the stage's limits",
    );
  });

  it('is regional and outputs its URL with the stage in the path', () => {
    const [restApiId, restApi] = onlyResource(iam, 'AWS::ApiGateway::RestApi');

    expect(restApi.Properties.EndpointConfiguration).toEqual({ Types: ['REGIONAL'] });
    expect(iam.template.toJSON().Outputs.ApiUrl.Value).toEqual({
      'Fn::Join': [
        '',
        [
          'https://',
          { Ref: restApiId },
          '.execute-api.',
          { Ref: 'AWS::Region' },
          '.',
          { Ref: 'AWS::URLSuffix' },
          '/dev/',
        ],
      ],
    });
  });
});

/** Every method in the template, keyed `GET /runs/{runId}` by walking the resource tree. */
function methodsByRoute(stack: SynthesizedStack): [string, Resource][] {
  const resources = stack.template.toJSON().Resources as Record<string, Resource>;
  const pathOf = (ref: unknown): string => {
    const id = (ref as { Ref?: string }).Ref;
    if (!id) return '';
    const resource = resources[id] as Resource;
    return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
  };
  return Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::ApiGateway::Method')
    .map((method) => {
      const { HttpMethod, ResourceId } = method.Properties;
      return [`${HttpMethod} ${pathOf(ResourceId)}`, method];
    });
}

/** Each route's authorization: `caller` routes as given, `link` routes open. */
function expectedAuthorization(caller: [string, unknown]): Record<string, [string, unknown]> {
  return Object.fromEntries(
    routes.map((route) => [
      `${route.method} ${route.resource}`,
      route.auth === 'caller' ? caller : ['NONE', undefined],
    ]),
  );
}

function authOf(method: Resource): [string, unknown] {
  return [method.Properties.AuthorizationType, method.Properties.AuthorizerId];
}

function onlyResource(stack: SynthesizedStack, type: string): [string, Resource] {
  const found = Object.entries(stack.template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
}
