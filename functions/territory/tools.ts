import type { AnyTool } from '../commons/tool.js';

/** The territory domain's tools, as its Lambda function hosts them. */
export const territoryTools: AnyTool[] = [];
