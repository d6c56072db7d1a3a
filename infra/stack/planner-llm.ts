import { Validations } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { LlmPlannerSettings } from '../stages.js';

/** The planner, and where its model is. */
export interface PlannerLlmProps {
  planner: LambdaFunction;
  llm: LlmPlannerSettings;
}

/**
 * Turns the LLM planner on for a stage: the planner, and no other function,
 * may read the OpenAI key, which it finds by OPENAI_API_KEY_SECRET_ARN. The
 * secret is referenced by name, not created, so the key never passes through
 * code, the template or a deploy log; an operator stores it once per stage.
 */
export class PlannerLlm extends Construct {
  constructor(scope: Construct, id: string, props: PlannerLlmProps) {
    super(scope, id);
    const { planner, llm } = props;

    const apiKey = Secret.fromSecretNameV2(this, 'ApiKey', llm.apiKeySecretName);
    planner.addEnvironment('OPENAI_API_KEY_SECRET_ARN', apiKey.secretArn);
    planner.addEnvironment('OPENAI_MODEL', llm.model);
    if (llm.baseUrl) planner.addEnvironment('OPENAI_BASE_URL', llm.baseUrl);
    apiKey.grantRead(planner);

    const policy = planner.role?.node.tryFindChild('DefaultPolicy');
    if (policy) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${wildcardArn(llm.apiKeySecretName)}]`,
        reason:
          'A secret referenced by name has an ARN ending in six random characters unknown ' +
          'until it is created; the wildcard stands for those six and matches this one secret.',
      });
    }
  }
}

/** The resource cdk-nag reports for a by-name secret grant, in its own notation. */
function wildcardArn(secretName: string): string {
  return (
    `arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:` +
    `${secretName}-??????`
  );
}
