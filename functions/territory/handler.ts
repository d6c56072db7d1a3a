import { instrument } from '../commons/instrument.js';
import { createToolStepHandler } from '../commons/tool-step.js';
import { territoryTools } from './tools.js';

/** The territory Lambda: runs one planned territory step of a run. */
export const handler = instrument('territory', createToolStepHandler('territory', territoryTools));
