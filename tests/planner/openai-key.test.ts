import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Where the planner finds its OpenAI key: OPENAI_API_KEY as given (local
 * stack, tests), else the Secrets Manager secret the stack names (AWS).
 */

const getSecret = vi.hoisted(() => vi.fn());
vi.mock('@aws-lambda-powertools/parameters/secrets', () => ({ getSecret }));

const { loadApiKeyFromSecret } = await import('../../functions/platform/planner/llm-client.js');
const { logger } = await import('../../functions/commons/powertools.js');

const secretArn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:cugar/openai-api-key';

const loggedErrors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);

beforeEach(() => {
  getSecret.mockReset();
  loggedErrors.mockClear();
});

describe('the OpenAI key on AWS', () => {
  it('reads the key from the named secret into OPENAI_API_KEY', async () => {
    getSecret.mockResolvedValue('sk-from-secret\n');
    const env: NodeJS.ProcessEnv = { OPENAI_API_KEY_SECRET_ARN: secretArn };

    await loadApiKeyFromSecret(env);

    expect(getSecret).toHaveBeenCalledWith(secretArn);
    expect(env.OPENAI_API_KEY).toBe('sk-from-secret');
    expect(loggedErrors).not.toHaveBeenCalled();
  });

  it('keeps a key given in the environment and asks Secrets Manager nothing', async () => {
    const env: NodeJS.ProcessEnv = {
      OPENAI_API_KEY: 'sk-local',
      OPENAI_API_KEY_SECRET_ARN: secretArn,
    };

    await loadApiKeyFromSecret(env);

    expect(getSecret).not.toHaveBeenCalled();
    expect(env.OPENAI_API_KEY).toBe('sk-local');
  });

  it('asks nothing when no secret is named, so the rules plan', async () => {
    const env: NodeJS.ProcessEnv = {};

    await loadApiKeyFromSecret(env);

    expect(getSecret).not.toHaveBeenCalled();
    expect(env.OPENAI_API_KEY).toBeUndefined();
  });

  it('leaves the key unset and logs why when the secret cannot be read', async () => {
    const denied = new Error('AccessDenied');
    getSecret.mockRejectedValue(denied);
    const env: NodeJS.ProcessEnv = { OPENAI_API_KEY_SECRET_ARN: secretArn };

    await loadApiKeyFromSecret(env);

    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(loggedErrors.mock.calls).toEqual([
      ['openai key secret not read; planning by the rules', { secretArn, error: denied }],
    ]);
  });

  it('leaves the key unset and logs why when the secret is blank', async () => {
    getSecret.mockResolvedValue('  ');
    const env: NodeJS.ProcessEnv = { OPENAI_API_KEY_SECRET_ARN: secretArn };

    await loadApiKeyFromSecret(env);

    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(loggedErrors.mock.calls).toEqual([
      ['openai key secret is empty; planning by the rules', { secretArn }],
    ]);
  });
});
