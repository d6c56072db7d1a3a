/**
 * `{{variable}}` templates for outreach drafts. A variable may carry a
 * fallback, `{{contact.firstName|there}}`, used when it has no value; one
 * with neither value nor fallback stays in the text as written and is
 * reported, so no draft hides a gap.
 */

/** Matches `{{ name }}` and `{{ name|fallback }}`; the fallback may be empty. */
const placeholder = /\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*(?:\|([^{}]*))?\}\}/g;

/** Any `{{...}}` left in a text, whatever is inside. */
export const leftoverPlaceholder = /\{\{[^{}]*\}\}/g;

/** What rendering did with the variables it met. */
export interface Rendering {
  text: string;
  /** Variables filled from a value, in order of first use. */
  used: string[];
  /** Variables with no value that fell back to their default text. */
  fallbacks: string[];
  /** Variables with no value and no fallback, left in the text. */
  missing: string[];
}

/** Fills `template` from `values`; a blank value counts as no value. */
export function renderTemplate(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
): Rendering {
  const used = new Set<string>();
  const fallbacks = new Set<string>();
  const missing = new Set<string>();
  const filled = template.replace(placeholder, (whole, name: string, fallback?: string) => {
    // Own keys only: `{{constructor}}` must not reach Object.prototype.
    const value = Object.hasOwn(values, name) ? values[name]?.trim() : undefined;
    if (value) {
      used.add(name);
      return value;
    }
    if (fallback !== undefined) {
      fallbacks.add(name);
      return fallback.trim();
    }
    missing.add(name);
    return whole;
  });
  return { text: tidy(filled), used: [...used], fallbacks: [...fallbacks], missing: [...missing] };
}

/** Removes the doubled and trailing spaces an empty fallback leaves behind. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/ {2,}/g, ' ')
        .replace(/ +([,.!?])/g, '$1')
        .trim(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
