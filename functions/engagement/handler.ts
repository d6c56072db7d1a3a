import { instrument } from '../commons/instrument.js';
import { createToolStepHandler } from '../commons/tool-step.js';
import { engagementTools } from './tools.js';

/** The engagement Lambda: runs one planned engagement step of a run. */
export const handler = instrument(
  'engagement',
  createToolStepHandler('engagement', engagementTools),
);
