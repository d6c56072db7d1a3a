import { createHmac, timingSafeEqual } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { readEnvironment } from './config.js';

/**
 * Approval links: `/approvals/{id}?exp=...&sig=...`, where `sig` is an
 * HMAC-SHA256 over the id and the expiry. The key comes from Secrets Manager
 * on AWS (cached by Powertools) and from the environment on the local stack.
 */

async function signingKey(): Promise<string> {
  const env = readEnvironment();
  if (env.APPROVAL_SIGNING_KEY) return env.APPROVAL_SIGNING_KEY;
  if (!env.APPROVAL_KEY_SECRET_ARN) {
    throw new Error('no approval signing key: set APPROVAL_KEY_SECRET_ARN');
  }
  const secret = await getSecret(env.APPROVAL_KEY_SECRET_ARN, { maxAge: 300 });
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new Error('the approval signing secret is missing or shorter than 32 characters');
  }
  return secret;
}

function sign(key: string, approvalId: string, expiresAtEpoch: number): string {
  return createHmac('sha256', key).update(`${approvalId}.${expiresAtEpoch}`).digest('base64url');
}

/** The path and query of the link for one approval. */
export async function approvalPath(approvalId: string, expiresAt: Date): Promise<string> {
  // Rounded up, so the link lives at least as long as the run waits.
  const exp = Math.ceil(expiresAt.getTime() / 1000);
  const sig = sign(await signingKey(), approvalId, exp);
  return `/approvals/${encodeURIComponent(approvalId)}?exp=${exp}&sig=${sig}`;
}

export type LinkCheck = 'valid' | 'forged' | 'expired';

/** Checks a link's signature first, then its expiry. */
export async function checkApprovalLink(
  approvalId: string,
  exp: string | undefined,
  sig: string | undefined,
  now = new Date(),
): Promise<LinkCheck> {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return 'forged';
  const expected = Buffer.from(sign(await signingKey(), approvalId, Number(exp)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'forged';
  return Number(exp) * 1000 < now.getTime() ? 'expired' : 'valid';
}
