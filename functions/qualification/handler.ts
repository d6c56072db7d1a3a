import { instrument } from '../commons/instrument.js';
import { createToolStepHandler } from '../commons/tool-step.js';
import { qualificationTools } from './tools.js';

/** The qualification Lambda: runs one planned qualification step of a run. */
export const handler = instrument(
  'qualification',
  createToolStepHandler('qualification', qualificationTools),
);
