// Resolving `mc:agency` against the agency tree (commune → district → province). The
// tree is data handed in by the caller; the engine never reads the database.

import { DomainError } from '../errors.js';
import type { AgencySelector, Level } from '../model/procedure.js';

export interface AgencyInfo {
  code: string;
  name: string;
  level: Level;
  /** E.g. `people-committee`, `land-office`, `tax`, `police`, `justice`. */
  kind: string | null;
  parentCode: string | null;
  /**
   * Set when the agency was merged into another (the 2025 reorganisation): it stays in
   * the tree so its code, name and history read as they were, but receives nothing more —
   * work that would go to it goes to this successor. Absent or null: active.
   */
  mergedInto?: string | null;
}

/** Where a dossier's steps resolve from: the center that received it and the agency competent for it. */
export interface DossierAgencies {
  receiving: string;
  /** Chosen at intake (Decree 118/2025: receiving ≠ competent); the receiving agency when absent. */
  competent?: string | null;
}

export class AgencyDirectory {
  private readonly byCode = new Map<string, AgencyInfo>();
  private readonly children = new Map<string, AgencyInfo[]>();

  constructor(agencies: readonly AgencyInfo[]) {
    for (const a of agencies) this.byCode.set(a.code, a);
    for (const a of agencies) {
      if (a.parentCode === null) continue;
      const list = this.children.get(a.parentCode) ?? [];
      list.push(a);
      this.children.set(a.parentCode, list);
    }
    for (const list of this.children.values()) list.sort((x, y) => x.code.localeCompare(y.code));
  }

  get(code: string): AgencyInfo | undefined {
    return this.byCode.get(code);
  }

  require(code: string): AgencyInfo {
    const found = this.byCode.get(code);
    if (!found) {
      throw new DomainError('AGENCY_NOT_FOUND', { agencyCode: code }, { code });
    }
    return found;
  }

  /**
   * The agency that does the work of `code` today: itself, or the agency it was merged
   * into (following a chain of mergers). Codes stored in a dossier (receiving,
   * competent, return place) are records and never change; they are read through this.
   */
  current(code: string): AgencyInfo {
    let agency = this.require(code);
    const seen = new Set<string>([agency.code]);
    while (agency.mergedInto) {
      const next = this.require(agency.mergedInto);
      if (seen.has(next.code)) break; // a cycle is refused when merging; never loop here
      seen.add(next.code);
      agency = next;
    }
    return agency;
  }

  /** Not merged into another: may receive dossiers, tasks and transfers. */
  isActive(code: string): boolean {
    const agency = this.byCode.get(code);
    return agency !== undefined && !agency.mergedInto;
  }

  /** The agencies merged into `code`, directly or through a chain (their records are its records now). */
  predecessorsOf(code: string): string[] {
    const out: string[] = [];
    const stack = [code];
    while (stack.length > 0) {
      const c = stack.pop()!;
      for (const a of this.byCode.values()) {
        if (a.mergedInto === c && !out.includes(a.code) && a.code !== code) {
          out.push(a.code);
          stack.push(a.code);
        }
      }
    }
    return out;
  }

  /**
   * The top of the agency's tree: the province (a province's People's Committee is the
   * root its departments, vertical agencies and communes hang from). Province-wide
   * intake (Decree 118/2025) is bounded by it.
   */
  provinceOf(code: string): string {
    let agency = this.require(code);
    const seen = new Set<string>();
    while (agency.parentCode !== null && !seen.has(agency.code)) {
      seen.add(agency.code);
      const parent = this.byCode.get(agency.parentCode);
      if (!parent) break;
      agency = parent;
    }
    return agency.code;
  }

  childrenOf(code: string): AgencyInfo[] {
    return this.children.get(code) ?? [];
  }

  /** The agency and everything below it (a manager sees these). */
  subtree(code: string): string[] {
    const out: string[] = [];
    const stack = [code];
    while (stack.length > 0) {
      const c = stack.pop()!;
      out.push(c);
      for (const child of this.childrenOf(c)) stack.push(child.code);
    }
    return out;
  }

  /** Breadth-first below `code` (not `code` itself): the nearest agency of `kind`, lowest code first within a level. */
  private nearestBelow(code: string, kind: string): AgencyInfo | undefined {
    let level = this.childrenOf(code);
    while (level.length > 0) {
      const found = level.find((a) => a.kind === kind && !a.mergedInto);
      if (found) return found;
      level = level.flatMap((a) => this.childrenOf(a.code));
    }
    return undefined;
  }

  /**
   * Who acts on a step of a dossier (`receivingCode`, or the dossier's agencies). `@receiving`
   * is the center that received it; `@competent` the agency competent for it (chosen at
   * intake, Decree 118/2025; the receiving one by default). `@parent` and `kind:<k>` start
   * from the competent agency — the land office and tax office that matter are those of
   * the commune that decides, not of the center the citizen happened to file at. `kind:<k>`
   * looks for the nearest agency of that kind: the agency itself, then the agencies below
   * it (nearest level first), then its siblings, then its parent and the parent's
   * siblings, and so on up the tree — the district tax office is a sibling of the communes
   * of that district and a child of the district itself. Whatever is found, a merged
   * agency answers with its successor: it receives nothing more.
   */
  resolve(selector: AgencySelector, agencies: string | DossierAgencies): string {
    const places = typeof agencies === 'string' ? { receiving: agencies } : agencies;
    return this.current(this.resolveRecorded(selector, places)).code;
  }

  private resolveRecorded(selector: AgencySelector, places: DossierAgencies): string {
    // The competent agency as it is today (a merged one through its successor).
    const baseCode = places.competent ?? places.receiving;
    const base = this.current(baseCode);
    switch (selector.kind) {
      case 'receiving':
        return this.require(places.receiving).code;
      case 'competent':
        return base.code;
      case 'exact':
        return this.require(selector.code).code;
      case 'parent': {
        if (base.parentCode === null) {
          throw new DomainError('AGENCY_NOT_FOUND.noParent', { agencyCode: base.code }, { selector: '@parent', receivingCode: places.receiving, competentCode: baseCode });
        }
        return this.require(base.parentCode).code;
      }
      case 'ofKind': {
        // An agency's own offices come first: a district People's Committee (or a
        // provincial department) that receives hands over to its land office below it.
        if (base.kind === selector.agencyKind) return base.code;
        const below = this.nearestBelow(base.code, selector.agencyKind);
        if (below) return below.code;
        let current: AgencyInfo | undefined = base;
        while (current) {
          if (current.kind === selector.agencyKind && !current.mergedInto) return current.code;
          const parentCode: string | null = current.parentCode;
          if (parentCode !== null) {
            const sibling = this.childrenOf(parentCode).find(
              (a) => a.code !== current!.code && a.kind === selector.agencyKind && !a.mergedInto,
            );
            if (sibling) return sibling.code;
          }
          current = parentCode === null ? undefined : this.byCode.get(parentCode);
        }
        throw new DomainError(
          'AGENCY_NOT_FOUND.kind',
          { kind: selector.agencyKind, agencyCode: base.code },
          { selector: `kind:${selector.agencyKind}`, receivingCode: places.receiving, competentCode: baseCode },
        );
      }
    }
  }
}

export { parseAgencySelector, formatAgencySelector } from '../model/agencySelector.js';
