import type { AnyTool } from '../commons/tool.js';
import { assessMessageQualityTool } from './tools/assess-message-quality.js';
import { draftOutreachTool } from './tools/draft-outreach.js';

/** The engagement domain's tools, as its Lambda function hosts them. */
export const engagementTools: AnyTool[] = [draftOutreachTool, assessMessageQualityTool];
