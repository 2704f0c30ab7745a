// Passwords are stored one way only: scrypt (memory-hard, in Node's crypto), with the
// parameters kept beside each hash.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Node's default cost, N=2^14 (16 MiB and ~50 ms per guess), so a district office's
// small server logs people in quickly. OWASP prefers N=2^17; the parameters are stored
// with every hash, so raising them later leaves old hashes verifiable.
const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 64 } as const;

/**
 * Hashing is the one thing a stranger can make this server do that costs 16 MiB and
 * ~50 ms a time: at most HASHING.concurrent run at once, at most HASHING.queued more wait
 * their turn, and anyone beyond is refused at once with PasswordHashingBusy — the routes
 * answer 503 SERVER_BUSY with Retry-After — rather than piling up. Two at once: scrypt
 * runs in libuv's thread pool (four threads), which SQLite's queries and file reads share;
 * a flood of logins must leave them threads, or every other request waits behind it.
 */
export const HASHING: { concurrent: number; queued: number } = { concurrent: 2, queued: 32 };

/** Every hashing slot and queue place is taken: try again in a moment. */
export class PasswordHashingBusy extends Error {
  constructor() {
    super('password hashing is saturated');
    this.name = 'PasswordHashingBusy';
  }
}

let running = 0;
const waiting: Array<() => void> = [];

async function withHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASHING.concurrent) {
    if (waiting.length >= HASHING.queued) throw new PasswordHashingBusy();
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running += 1;
  }
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next in line (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

/** Hashing slots taken and callers waiting now (tests, diagnostics). */
export const hashingLoad = () => ({ running, waiting: waiting.length });

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return withHashingSlot(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

/** `scrypt$N$r$p$<salt>$<hash>`, salt and hash in base64url: the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = SCRYPT;
  const hash = await scrypt(password, salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
