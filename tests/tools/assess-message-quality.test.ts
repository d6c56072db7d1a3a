import { describe, expect, it } from 'vitest';
import type { Account } from '../../functions/commons/sales-model.js';
import { parseInput } from '../../functions/commons/validation.js';
import { assessMessageQualityTool } from '../../functions/engagement/tools/assess-message-quality.js';
import { draftOutreachTool } from '../../functions/engagement/tools/draft-outreach.js';
import { memoryContext } from '../support/memory-crm.js';
import { problemsOf } from '../support/problems.js';

const northwind: Account = { id: 'northwind-outfitters', name: 'Northwind Outfitters' };
const dana = { name: 'Dana Whitfield', email: 'dana@northwind.example' };

/** A body of exactly `n` words that names Northwind and asks a question. */
function bodyOf(n: number): string {
  const filler = Array.from({ length: n - 4 }, () => 'word');
  return ['Hi', 'Dana,', ...filler, 'Northwind', 'call?'].join(' ');
}

async function assess(input: unknown) {
  const parsed = parseInput(assessMessageQualityTool.input, input, 'input');
  const output = await assessMessageQualityTool.run(parsed, memoryContext());
  return parseInput(assessMessageQualityTool.output, output, 'output');
}

describe('assess-message-quality', () => {
  it('passes the default draft for a known contact as ready, grade A', async () => {
    // Prepare
    const signals = { hasHistory: true, productsBought: ['GTX Pro'], won: { count: 2, value: 9 } };
    const draftInput = { account: northwind, contact: dana, signals, fit: { tier: 'B' } };
    const draft = await draftOutreachTool.run(
      parseInput(draftOutreachTool.input, draftInput, 'input'),
      memoryContext(),
    );

    // Act
    const review = await assess({ message: draft, contact: dana, account: northwind });

    // Assess
    expect(review).toEqual({
      score: 100,
      grade: 'A',
      issues: [],
      readyToSend: true,
      checks: {
        bodyWords: 59,
        subjectCharacters: 32,
        subjectWords: 5,
        questions: 1,
        exclamations: 0,
        placeholders: 0,
        pushyPhrases: 0,
        personalTokensFound: 2,
      },
    });
  });

  it('finds every fault of a pushy, generic, unfilled message and grades it F', async () => {
    // Prepare
    const message = {
      subject: 'ACT NOW!!',
      body:
        'Hi there,\n\nI hope this email finds you well. {{contact.firstName}} buy now, ' +
        'limited time!',
    };

    // Act
    const review = await assess({ message, contact: dana, account: northwind });

    // Assess
    expect(review.issues).toEqual([
      {
        code: 'leftover-placeholder',
        severity: 'error',
        detail: 'unfilled {{contact.firstName}}',
        suggestion: 'Fill or remove every {{...}}.',
      },
      {
        code: 'too-short',
        severity: 'warning',
        detail: '14 words, fewer than 50',
        suggestion: 'Say why you are writing and what they gain.',
      },
      {
        code: 'no-call-to-action',
        severity: 'warning',
        detail: 'no question or request for a next step',
        suggestion: 'End with one clear ask, such as a short call.',
      },
      {
        code: 'not-personalised',
        severity: 'error',
        detail: 'none of Dana, Dana Whitfield, Northwind Outfitters appears',
        suggestion: "Use the contact's name or the company's name.",
      },
      {
        code: 'generic-greeting',
        severity: 'warning',
        detail: `greeting "Hi there," ignores the contact's name`,
        suggestion: 'Greet Dana by name.',
      },
      {
        code: 'generic-opening',
        severity: 'warning',
        detail: 'opens with "I hope this email finds you well. {{contact.firstName}} buy"',
        suggestion: 'Open with something about them, not about you.',
      },
      {
        code: 'subject-spammy',
        severity: 'warning',
        detail: '"ACT NOW!!" reads like spam',
        suggestion: 'Drop capitals, exclamation marks and sales words.',
      },
      {
        code: 'pushy-tone',
        severity: 'warning',
        detail: 'pressure: "act now", "limited time", "buy now", 3 exclamation marks',
        suggestion: 'Offer, do not press: remove urgency and exclamation marks.',
      },
    ]);
    expect([review.score, review.grade, review.readyToSend]).toEqual([0, 'F', false]);
    expect(review.checks.placeholders).toBe(1);
  });

  it.each([
    [50, []],
    [49, ['too-short']],
    [200, []],
    [201, ['too-long']],
  ])('judges a body of %i words by the 50-200 word range', async (n, codes) => {
    // Act
    const review = await assess({
      message: { subject: 'GTX Pro for Northwind', body: bodyOf(n) },
      contact: dana,
    });

    // Assess
    expect([review.checks.bodyWords, review.issues.map((i) => i.code)]).toEqual([n, codes]);
  });

  it.each([
    [60, []],
    [61, ['subject-too-long']],
  ])('judges a subject of %i characters by the 60-character limit', async (length, codes) => {
    // Prepare
    const subject = `Northwind ${'x'.repeat(length - 10)}`;

    // Act
    const review = await assess({ message: { subject, body: bodyOf(60) }, contact: dana });

    // Assess
    expect(review.issues.map((i) => i.code)).toEqual(codes);
  });

  it.each([
    ['Northwind plan', '?', 0, 100, 'A', true],
    ['N', '?', 1, 90, 'A', true],
    ['FREE', '?', 2, 80, 'B', true],
    ['N!!', '?', 3, 70, 'C', true],
    ['N!!', '.', 4, 60, 'D', false],
  ])(
    'scores subject %j, ending %j, with %i warnings as %i, grade %s',
    async (subject, ending, n, score, grade, ready) => {
      // Prepare: 'N' is one word; 'FREE' also spammy; 'N!!' also pushy; no '?' no call to action.
      const message = { subject, body: bodyOf(60).replace('call?', `thing${ending}`) };

      // Act
      const review = await assess({ message, contact: dana });

      // Assess
      expect([review.issues.length, review.score, review.grade, review.readyToSend]).toEqual([
        n,
        score,
        grade,
        ready,
      ]);
    },
  );

  it('marks a message with one error not ready even at a passing score', async () => {
    // Act
    const review = await assess({
      message: { subject: 'A plan for you', body: bodyOf(60).replace('Northwind', 'them') },
      contact: { name: 'Priya Raman' },
    });

    // Assess
    expect([review.score, review.grade, review.readyToSend]).toEqual([75, 'C', false]);
    expect(review.issues.map((i) => i.code)).toEqual(['not-personalised']);
  });

  it('rejects a message without a body, naming message.body', () => {
    // Act
    const problems = problemsOf(() =>
      parseInput(assessMessageQualityTool.input, { message: { subject: 'Hi' } }, 'input'),
    );

    // Assess
    expect(problems.map((p) => p.field)).toEqual(['message.body']);
  });
});
