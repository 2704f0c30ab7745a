// Reference data many screens show: agencies (codes → names) and the roles in use.
// Loaded once per session and shared.
import { useEffect, useState } from 'react';
import { api } from './api/endpoints.js';
import type { Agency, User } from './api/types.js';
import type { Lang } from './i18n/index.js';
import { STEP_ROLES } from './labels.js';

let agencies: Promise<Agency[]> | null = null;

export function loadAgencies(force = false): Promise<Agency[]> {
  if (!agencies || force) {
    agencies = api.agencies().catch((e) => {
      agencies = null;
      throw e;
    });
  }
  return agencies;
}

export function useAgencies(): Agency[] {
  const [list, setList] = useState<Agency[]>([]);
  useEffect(() => {
    let alive = true;
    loadAgencies().then(
      (a) => alive && setList(a),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, []);
  return list;
}

export function agencyName(list: Agency[], code: string | null | undefined, lang: Lang): string {
  if (!code) return '—';
  const agency = list.find((a) => a.code === code);
  if (!agency) return code;
  return lang === 'en' && agency.nameEn ? agency.nameEn : agency.name;
}

/**
 * Roles a step may be given: the built-in acting roles and any other role a user has —
 * read from the accounts when the user may list them (`user.manage`), the built-in
 * roles being enough for those who only read a procedure.
 */
export async function loadStepRoles(mayListUsers: boolean): Promise<string[]> {
  const roles = new Set<string>(STEP_ROLES);
  if (!mayListUsers) return [...roles];
  try {
    const users: User[] = await api.users();
    for (const user of users) for (const role of user.roles) if (role !== 'admin' && role !== 'manager') roles.add(role);
  } catch {
    // The built-in roles are enough to read a procedure by.
  }
  return [...roles];
}
