import { instrument } from '../commons/instrument.js';
import { createToolStepHandler } from '../commons/tool-step.js';
import { intelligenceTools } from './tools.js';

/** The intelligence Lambda: runs one planned intelligence step of a run. */
export const handler = instrument(
  'intelligence',
  createToolStepHandler('intelligence', intelligenceTools),
);
