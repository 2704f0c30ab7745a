// The web app decides what to show from the permissions GET /api/auth/me sends — the
// server's one table (server/auth/permissions.ts) applied to the user's roles — and from
// nothing of its own (designer/src/access.ts). What each built-in role sees follows the
// table; a different table, or a role an admin invents, changes it with no change here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../contract/index.js';
import { ADMIN_TABS, NAV, allows, canFrom, dossierActions, dossierCrumb, homeFor, navFor } from '../../designer/src/access.js';
import { ANY_STAFF, PERMISSIONS, actionsOf } from '../../server/auth/permissions.js';

const SRC = fileURLToPath(new URL('../../designer/src/', import.meta.url));
const navOf = (permissions: readonly string[]) => navFor(canFrom(permissions)).map((item) => item.href);
const homeOf = (permissions: readonly string[]) => homeFor(canFrom(permissions));

describe('the permission table’s names', () => {
  it('are the contract’s list, every one a key of the server’s table and nothing else', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ACTIONS].sort());
    // /auth/me lists them in the contract's order.
    expect(actionsOf(['admin', 'reception'])).toEqual(ACTIONS.filter((a) => actionsOf(['admin', 'reception']).includes(a)));
  });

  it('name every action the web app asks about', () => {
    const asked = [...NAV.flatMap((item) => item.needs), ...ADMIN_TABS.flatMap((tab) => tab.needs)];
    for (const action of asked) expect(ACTIONS).toContain(action);
  });
});

describe('what the web app shows, from the permissions of the built-in roles', () => {
  it('a reception clerk: the inbox and the desk, and starts at the desk', () => {
    const permissions = actionsOf(['reception']);
    expect(navOf(permissions)).toEqual(['/viec-can-lam', '/tiep-nhan', '/so-theo-doi']);
    expect(homeOf(permissions)).toBe('/tiep-nhan');
    expect(dossierActions(canFrom(permissions))).toEqual({ act: true, supplement: true, returnResult: true, withdraw: true, claim: true });
  });

  it('a specialist: the inbox, no desk, and none of the desk’s dossier buttons', () => {
    const permissions = actionsOf(['specialist']);
    expect(navOf(permissions)).toEqual(['/viec-can-lam', '/so-theo-doi']);
    expect(homeOf(permissions)).toBe('/viec-can-lam');
    expect(dossierActions(canFrom(permissions))).toEqual({ act: true, supplement: false, returnResult: false, withdraw: false, claim: true });
  });

  it('a return clerk hands results over, but neither receives nor withdraws', () => {
    const may = dossierActions(canFrom(actionsOf(['return'])));
    expect([may.returnResult, may.supplement, may.withdraw]).toEqual([true, false, false]);
  });

  it('a leader acts on dossiers and reads the dashboard; a manager only oversees and starts at the dashboard', () => {
    expect(navOf(actionsOf(['leader']))).toEqual(['/viec-can-lam', '/so-theo-doi', '/bao-cao']);
    expect(homeOf(actionsOf(['leader']))).toBe('/viec-can-lam');
    expect(dossierCrumb(canFrom(actionsOf(['leader']))).href).toBe('/viec-can-lam');
    expect(homeOf(actionsOf(['manager']))).toBe('/bao-cao');
    expect(dossierCrumb(canFrom(actionsOf(['manager']))).href).toBe('/bao-cao');
    expect(dossierActions(canFrom(actionsOf(['manager']))).act).toBe(false);
  });

  it('an admin: the dashboard, the designer and the administration with its four tabs (incidents the fourth), starting at the designer', () => {
    const can = canFrom(actionsOf(['admin']));
    expect(navOf(actionsOf(['admin']))).toEqual(['/viec-can-lam', '/so-theo-doi', '/bao-cao', '/chi-so-766', '/quy-trinh', '/quan-tri']);
    expect(homeFor(can)).toBe('/quy-trinh');
    expect(ADMIN_TABS.filter((tab) => allows(tab.needs, can)).map((tab) => tab.id)).toEqual(['co-quan', 'nguoi-dung', 'lich', 'su-co']);
  });

  it('a role an admin invents for a step: what the table gives any staff — the inbox, its steps — and nothing more', () => {
    const permissions = actionsOf(['tham-dinh-thuc-dia']);
    expect(permissions).toEqual(ACTIONS.filter((a) => PERMISSIONS[a].includes(ANY_STAFF)));
    // The register (dossier.read) is any staff's: a dossier one may see is found there.
    expect(navOf(permissions)).toEqual(['/viec-can-lam', '/so-theo-doi']);
    expect(homeOf(permissions)).toBe('/viec-can-lam');
    expect(dossierActions(canFrom(permissions))).toEqual({ act: false, supplement: false, returnResult: false, withdraw: false, claim: true });
  });

  it('nothing before /auth/me has answered', () => {
    const can = canFrom(null);
    expect(ACTIONS.filter(can)).toEqual([]);
    expect(navFor(can)).toEqual([]);
  });
});

describe('a different table reaches the web app unchanged', () => {
  /** The server's rule (any of the roles, or any staff) over a table of the test's. */
  const actionsUnder = (table: Record<Action, readonly string[]>, roles: string[]) =>
    ACTIONS.filter((action) => table[action].some((role) => role === ANY_STAFF || roles.includes(role)));

  it('lets specialists receive at the desk: the specialist gets the desk and its buttons', () => {
    const table = { ...PERMISSIONS, 'dossier.receive': [...PERMISSIONS['dossier.receive'], 'specialist'], 'dossier.supplement': ['reception', 'specialist'] };
    const permissions = actionsUnder(table, ['specialist']);
    expect(navOf(permissions)).toEqual(['/viec-can-lam', '/tiep-nhan', '/so-theo-doi']);
    expect(homeOf(permissions)).toBe('/tiep-nhan');
    expect(dossierActions(canFrom(permissions)).supplement).toBe(true);
  });

  it('gives users to a manager: the administration opens with that one tab', () => {
    const table = { ...PERMISSIONS, 'user.manage': ['admin', 'manager'] };
    const can = canFrom(actionsUnder(table, ['manager']));
    expect(navFor(can).map((item) => item.href)).toEqual(['/viec-can-lam', '/so-theo-doi', '/bao-cao', '/chi-so-766', '/quan-tri']);
    expect(ADMIN_TABS.filter((tab) => allows(tab.needs, can)).map((tab) => tab.id)).toEqual(['nguoi-dung']);
  });
});

describe('the web app’s sources', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return sources(full);
      return /\.tsx?$/.test(name) ? [full] : [];
    });
  }
  /** Every role the table names. */
  const roles = [...new Set(Object.values(PERMISSIONS).flat())].filter((role) => role !== ANY_STAFF);
  // Labels name roles for display; the step-role picker offers the acting roles a step may be given.
  const DISPLAY = new Set(['labels.ts', 'reference.ts']);

  it('decide nothing by a role the table names: no role literal outside the labels, no hasRole', () => {
    expect(roles).toEqual(expect.arrayContaining(['admin', 'reception', 'manager']));
    const found: string[] = [];
    for (const file of sources(SRC)) {
      // The code, not its comments (a comment may well name a role).
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const name = path.relative(SRC, file);
      if (/\bhasRole\b/.test(text)) found.push(`${name}: hasRole`);
      if (DISPLAY.has(name)) continue;
      for (const role of roles) if (new RegExp(`['"\`]${role}['"\`]`).test(text)) found.push(`${name}: '${role}'`);
    }
    expect(found).toEqual([]);
  });
});
