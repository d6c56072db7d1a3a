import { toolCatalogue } from '../../commons/tool-catalogue.js';
import type { AnyTool, Domain } from '../../commons/tool.js';

/**
 * Who asks for a run decides which tools it may use: a rep works accounts and
 * deals; a manager also works the territory.
 */
export const profiles = ['rep', 'manager'] as const;
export type Profile = (typeof profiles)[number];

const domainsByProfile: Record<Profile, Domain[]> = {
  rep: ['intelligence', 'engagement', 'qualification'],
  manager: ['intelligence', 'engagement', 'qualification', 'territory'],
};

/** The tools a profile may use, by name. */
export function toolsForProfile(profile: Profile): Map<string, AnyTool> {
  const domains = new Set(domainsByProfile[profile]);
  return new Map([...toolCatalogue].filter(([, tool]) => domains.has(tool.domain)));
}
