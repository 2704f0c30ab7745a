// The web app sends an Idempotency-Key with every action (issue 13, item 4), and sends
// an action whose connection dropped again with the SAME key, so the server applies it
// once. Reads carry none.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { request } from '../../designer/src/api/client.js';

type Call = { method: string; key: string | undefined };

function fakeFetch(answers: Array<() => Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    calls.push({ method: String(init.method), key: headers['Idempotency-Key'] });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  });
  return calls;
}

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const dropped = () => {
  throw new TypeError('Failed to fetch');
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the web app’s actions', () => {
  it('carry an Idempotency-Key on POST, PUT, PATCH and DELETE, a fresh one per action; reads carry none', async () => {
    const calls = fakeFetch([json(200, {}), json(201, {}), json(200, {}), json(200, {}), json(200, {})]);
    await request('GET', '/tasks');
    await request('POST', '/dossiers', { procedureKey: 'x' });
    await request('POST', '/dossiers', { procedureKey: 'x' });
    await request('PUT', '/calendar/2026', {});
    await request('PATCH', '/users/a', {});
    expect(calls[0].key).toBeUndefined();
    const keys = calls.slice(1).map((c) => c.key);
    expect(keys.every((k) => typeof k === 'string' && k.length >= 16)).toBe(true);
    expect(new Set(keys).size).toBe(4);
  });

  it('send an action again with the same key when the connection dropped, and while the first attempt still runs', async () => {
    const calls = fakeFetch([dropped, json(409, { error: { code: 'IDEMPOTENCY_IN_PROGRESS', messageKey: 'IDEMPOTENCY_IN_PROGRESS' } }), json(201, { id: 'd1' })]);
    await expect(request('POST', '/dossiers', { procedureKey: 'x' })).resolves.toEqual({ id: 'd1' });
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.key)).size).toBe(1);
  });

  it('do not send a read again, nor an action the server says was applied', async () => {
    const reads = fakeFetch([dropped]);
    await expect(request('GET', '/tasks')).rejects.toMatchObject({ code: 'NETWORK' });
    expect(reads).toHaveLength(1);
    const applied = fakeFetch([json(409, { error: { code: 'IDEMPOTENCY_IN_PROGRESS', messageKey: 'IDEMPOTENCY_IN_PROGRESS.applied' } })]);
    await expect(request('POST', '/tasks/t/complete', {})).rejects.toMatchObject({ status: 409, messageKey: 'IDEMPOTENCY_IN_PROGRESS.applied' });
    expect(applied).toHaveLength(1);
  });
});
