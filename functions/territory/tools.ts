import type { AnyTool } from '../commons/tool.js';
import { assessCapacityTool } from './tools/assess-capacity.js';
import { simulateTerritoryChangeTool } from './tools/simulate-territory-change.js';

/** The territory domain's tools, as its Lambda function hosts them. */
export const territoryTools: AnyTool[] = [assessCapacityTool, simulateTerritoryChangeTool];
