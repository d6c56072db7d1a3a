import { engagementTools } from '../engagement/tools.js';
import { intelligenceTools } from '../intelligence/tools.js';
import { qualificationTools } from '../qualification/tools.js';
import { territoryTools } from '../territory/tools.js';
import type { AnyTool } from './tool.js';

/** Every tool of every domain, by name: what the planner may choose from. */
export const toolCatalogue: ReadonlyMap<string, AnyTool> = new Map(
  [...intelligenceTools, ...engagementTools, ...qualificationTools, ...territoryTools].map(
    (tool) => [tool.name, tool],
  ),
);
