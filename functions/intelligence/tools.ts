import type { AnyTool } from '../commons/tool.js';
import { accountSignalsTool } from './tools/account-signals.js';
import { normalizeAccountTool } from './tools/normalize-account.js';
import { scoreAccountFitTool } from './tools/score-account-fit.js';
import { winLossPatternsTool } from './tools/win-loss-patterns.js';

/** The intelligence domain's tools, as its Lambda function hosts them. */
export const intelligenceTools: AnyTool[] = [
  normalizeAccountTool,
  scoreAccountFitTool,
  accountSignalsTool,
  winLossPatternsTool,
];
