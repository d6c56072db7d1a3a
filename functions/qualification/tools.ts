import type { AnyTool } from '../commons/tool.js';
import { assessDealRiskTool } from './tools/assess-deal-risk.js';
import { qualifyOpportunityTool } from './tools/qualify-opportunity.js';

/** The qualification domain's tools, as its Lambda function hosts them. */
export const qualificationTools: AnyTool[] = [qualifyOpportunityTool, assessDealRiskTool];
