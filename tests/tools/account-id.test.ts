import { describe, expect, it } from 'vitest';
import { accountIdFromName, accountSchema } from '../../functions/commons/sales-model.js';

describe('accountIdFromName', () => {
  it.each([
    ['Acme Corporation', 'acme-corporation'],
    ['  Zoom--It, Inc. ', 'zoom-it-inc'],
    ['Ünïcødé GmbH', 'unicøde-gmbh'],
    ['Ωmega Systems', 'ωmega-systems'],
    ['株式会社トヨタ', '株式会社トヨタ'],
    ['Ελληνική Εταιρεία', 'ελληνικη-εταιρεια'],
  ])('makes %s into %s', (name, id) => {
    expect(accountIdFromName(name)).toBe(id);
  });

  it('gives a name with no letters or digits an id from its hash, distinct per name', () => {
    const rocket = accountIdFromName('🚀');
    const star = accountIdFromName('⭐');

    expect(rocket).toMatch(/^account-[0-9a-f]{12}$/);
    expect(star).toMatch(/^account-[0-9a-f]{12}$/);
    expect(rocket).not.toBe(star);
    expect(accountIdFromName('🚀')).toBe(rocket);
  });
});

describe('account names', () => {
  it.each([
    ['a lone surrogate', 'Acme \ud800'],
    ['a NUL character', 'Acme\u0000Corp'],
    ['a right-to-left override', 'Acme \u202eproC'],
  ])('refuse %s', (_, name) => {
    const result = accountSchema.safeParse({ id: 'x', name });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['name', 'must be printable text'],
    ]);
  });
});
