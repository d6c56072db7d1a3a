import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../functions/engagement/template.js';

describe('renderTemplate', () => {
  it('treats names of built-in object properties as unknown variables', () => {
    const rendering = renderTemplate('Hi {{constructor}}, {{toString|there}}', {});

    expect(rendering).toEqual({
      text: 'Hi {{constructor}}, there',
      used: [],
      fallbacks: ['toString'],
      missing: ['constructor'],
    });
  });

  it('fills a variable from an own value and reports it used', () => {
    const rendering = renderTemplate('Hello {{contact.firstName}}!', {
      'contact.firstName': ' Dana ',
    });

    expect(rendering).toEqual({
      text: 'Hello Dana!',
      used: ['contact.firstName'],
      fallbacks: [],
      missing: [],
    });
  });
});
