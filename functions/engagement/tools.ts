import type { AnyTool } from '../commons/tool.js';

/** The engagement domain's tools, as its Lambda function hosts them. */
export const engagementTools: AnyTool[] = [];
