// Signed bearer tokens (HS256 with jose) carrying who the user is. The signing secret is
// MOTCUA_SECRET, or one generated once and kept in the database's settings table, so
// every server process on one database accepts every other's tokens.

import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Knex } from 'knex';

export interface AuthUser {
  id: number;
  username: string;
  fullName: string;
  agencyCode: string;
  roles: string[];
}

export const TOKEN_LIFETIME_SECONDS = 8 * 60 * 60; // one working day

export class TokenService {
  private constructor(private readonly key: Uint8Array) {}

  static async create(knex: Knex, secret = process.env.MOTCUA_SECRET): Promise<TokenService> {
    if (secret) return new TokenService(new TextEncoder().encode(secret));
    const fresh = randomBytes(32).toString('base64url');
    await knex('settings').insert({ key: 'token_secret', value: fresh }).onConflict('key').ignore();
    const row = await knex('settings').where({ key: 'token_secret' }).first();
    return new TokenService(new TextEncoder().encode(String(row.value)));
  }

  /** `now` comes from the injected clock so a manual clock also ages tokens. */
  async sign(user: AuthUser, now: Date): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + TOKEN_LIFETIME_SECONDS;
    const token = await new SignJWT({ u: user.username, n: user.fullName, a: user.agencyCode, r: user.roles })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(user.id))
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** The user, or null for a token that is malformed, forged or expired at `now`. */
  async verify(token: string, now: Date): Promise<AuthUser | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        currentDate: now,
      });
      return {
        id: Number(payload.sub),
        username: String(payload.u),
        fullName: String(payload.n ?? ''),
        agencyCode: String(payload.a),
        roles: Array.isArray(payload.r) ? payload.r.map(String) : [],
      };
    } catch {
      return null;
    }
  }
}
