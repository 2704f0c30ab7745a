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
      const found = level.find((a) => a.kind === kind);
      if (found) return found;
      level = level.flatMap((a) => this.childrenOf(a.code));
    }
    return undefined;
  }

  /**
   * Who acts on a step for a dossier received by `receivingCode`. `kind:<k>` looks for
   * the nearest agency of that kind: the receiving agency itself, then the agencies below
   * it (nearest level first), then its siblings, then its parent and the parent's
   * siblings, and so on up the tree — the district tax office is a sibling of the
   * communes of that district and a child of the district itself.
   */
  resolve(selector: AgencySelector, receivingCode: string): string {
    const receiving = this.require(receivingCode);
    switch (selector.kind) {
      case 'receiving':
        return receiving.code;
      case 'exact':
        return this.require(selector.code).code;
      case 'parent': {
        if (receiving.parentCode === null) {
          throw new DomainError('AGENCY_NOT_FOUND.noParent', { agencyCode: receiving.code }, { selector: '@parent', receivingCode });
        }
        return this.require(receiving.parentCode).code;
      }
      case 'ofKind': {
        // An agency's own offices come first: a district People's Committee (or a
        // provincial department) that receives hands over to its land office below it.
        if (receiving.kind === selector.agencyKind) return receiving.code;
        const below = this.nearestBelow(receiving.code, selector.agencyKind);
        if (below) return below.code;
        let current: AgencyInfo | undefined = receiving;
        while (current) {
          if (current.kind === selector.agencyKind) return current.code;
          const parentCode: string | null = current.parentCode;
          if (parentCode !== null) {
            const sibling = this.childrenOf(parentCode).find(
              (a) => a.code !== current!.code && a.kind === selector.agencyKind,
            );
            if (sibling) return sibling.code;
          }
          current = parentCode === null ? undefined : this.byCode.get(parentCode);
        }
        throw new DomainError(
          'AGENCY_NOT_FOUND.kind',
          { kind: selector.agencyKind, agencyCode: receiving.code },
          { selector: `kind:${selector.agencyKind}`, receivingCode },
        );
      }
    }
  }
}

export { parseAgencySelector, formatAgencySelector } from '../model/agencySelector.js';
