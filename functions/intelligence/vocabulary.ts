/**
 * The words CRM exports use for sectors and countries, mapped onto ours. Every
 * mapping has a rule name, so whoever reads a normalized record can see what
 * was changed and why. Matching is on the trimmed, lower-cased text.
 */

/** A canonical value and the rule that produced it from the raw text. */
export interface Canonical {
  value: string;
  /** Undefined when the text was already canonical. */
  rule?: VocabularyRule;
}

/** The rules, from a mere change of case to a guess at a misspelling. */
export type VocabularyRule = 'case' | 'misspelling' | 'synonym';

const sectorMisspellings: Record<string, string> = {
  technolgy: 'technology',
  tecnology: 'technology',
  techology: 'technology',
  medicial: 'medical',
  medcal: 'medical',
  retial: 'retail',
  sofware: 'software',
  softare: 'software',
  entertainmnet: 'entertainment',
  markting: 'marketing',
  finanace: 'finance',
  telecomunications: 'telecommunications',
};

const sectorSynonyms: Record<string, string> = {
  healthcare: 'medical',
  'hospital health care': 'medical',
  'computer software': 'software',
  'information technology and services': 'technology',
  'financial services': 'finance',
  banking: 'finance',
  communications: 'telecommunications',
  telecom: 'telecommunications',
  media: 'entertainment',
};

const countryMisspellings: Record<string, string> = {
  philipines: 'Philippines',
  phillipines: 'Philippines',
  phillippines: 'Philippines',
  'untied states': 'United States',
  grmany: 'Germany',
};

const countrySynonyms: Record<string, string> = {
  usa: 'United States',
  us: 'United States',
  'u.s.': 'United States',
  'u.s.a.': 'United States',
  'united states of america': 'United States',
  uk: 'United Kingdom',
  'great britain': 'United Kingdom',
  'south korea': 'Korea',
  'republic of korea': 'Korea',
};

function lookUp(
  raw: string,
  misspellings: Record<string, string>,
  synonyms: Record<string, string>,
  canonicalCase: (text: string) => string,
): Canonical {
  const text = raw.trim().replace(/\s+/g, ' ');
  const key = text.toLowerCase().replace(/_/g, ' ');
  const corrected = misspellings[key];
  if (corrected) return { value: corrected, rule: 'misspelling' };
  const synonym = synonyms[key];
  if (synonym) return { value: synonym, rule: 'synonym' };
  const value = canonicalCase(text.replace(/_/g, ' '));
  return value === raw ? { value } : { value, rule: 'case' };
}

/** Our sector word for `raw`: lower case, misspellings and synonyms mapped. */
export function canonicalSector(raw: string): Canonical {
  return lookUp(raw, sectorMisspellings, sectorSynonyms, (text) => text.toLowerCase());
}

/** Our country name for `raw`: misspellings and abbreviations mapped. */
export function canonicalCountry(raw: string): Canonical {
  return lookUp(raw, countryMisspellings, countrySynonyms, titleCase);
}

const lowerCaseWords = new Set(['and', 'of', 'the']);

function titleCase(text: string): string {
  return text
    .split(' ')
    .map((word, index) => {
      if (word.length <= 3 && word === word.toUpperCase()) return word;
      if (index > 0 && lowerCaseWords.has(word.toLowerCase())) return word.toLowerCase();
      return capitalise(word);
    })
    .join(' ');
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
