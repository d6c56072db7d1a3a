import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requireTaskTimeouts, taskStates } from '../../infra/local/asl-definition.js';

/** The workflow files say how long every task may take, here as on AWS. */

const files = ['statemachines/sales-run.asl.json', 'statemachines/campaign.asl.json'];

describe('workflow definitions', () => {
  it.each(files)('%s gives every Task state a timeout', (file) => {
    const definition = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

    expect(() => requireTaskTimeouts(definition, file)).not.toThrow();
    expect(taskStates(definition).length).toBeGreaterThan(0);
  });

  it('names the Task states that give none', () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: 'x', Next: 'B' },
        B: { Type: 'Task', Resource: 'x', TimeoutSecondsPath: '$.t', Next: 'C' },
        C: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'D',
            States: { D: { Type: 'Task', Resource: 'x', End: true } },
          },
          End: true,
        },
      },
    };

    expect(() => requireTaskTimeouts(definition, 'f.json')).toThrow(
      'f.json: give these Task states a TimeoutSeconds: A, D',
    );
  });
});
