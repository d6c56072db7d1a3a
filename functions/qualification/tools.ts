import type { AnyTool } from '../commons/tool.js';

/** The qualification domain's tools, as its Lambda function hosts them. */
export const qualificationTools: AnyTool[] = [];
