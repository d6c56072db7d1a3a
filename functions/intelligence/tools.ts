import type { AnyTool } from '../commons/tool.js';

/** The intelligence domain's tools, as its Lambda function hosts them. */
export const intelligenceTools: AnyTool[] = [];
