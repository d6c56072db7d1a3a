import { App } from 'aws-cdk-lib';
import { SalesStack } from './stack/sales-stack.js';
import { resolveStageName, stageSettings } from './stages.js';

/**
 * The CDK app: one stack for the chosen stage (`-c stage=...`, else
 * CUGAR_STAGE, else dev). The stack is environment-agnostic and does no
 * lookups, so `cdk synth` works offline and without credentials.
 */
const app = new App();
const stage = resolveStageName(app.node.tryGetContext('stage'), process.env.CUGAR_STAGE);

new SalesStack(app, `CugarSales-${stage}`, {
  settings: stageSettings(stage),
  description: `cugar-sales (${stage}): sales-agent runs with human approval`,
  tags: { project: 'cugar-sales', stage },
});

app.synth();
