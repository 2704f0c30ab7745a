// Pieces several papers print the same way: the heading agency, an officer's name, the
// paper number, the documents handed in.
import { RETURN_BY_POST } from '../../engine/index.js';
import type { PaperData } from '../services/papers.js';
import type { Heading } from './layout.js';
import { roleLabel } from './labels.js';
import type { Party } from './handovers.js';

/**
 * The heading of a paper issued by `agencyCode` (default: the receiving agency, whose
 * one-stop desk issues Mẫu 01–03 and 05). The desk line is printed only for that agency:
 * an apology (Mẫu 04) from the tax office is the tax office's own paper.
 */
export function headingOf(data: PaperData, agencyCode = data.dossier.receivingAgency): Heading {
  const agency = data.agencies.get(agencyCode);
  const parent = agency?.parentCode ? data.agencies.get(agency.parentCode) : undefined;
  // Province-wide intake (Decree 118/2025): a center receives for another agency, which
  // decides; the paper names both (the agencies as they were named then: a merged one
  // keeps its name in the tree).
  const competentCode = data.dossier.competentAgency;
  const competent = competentCode && competentCode !== agencyCode ? data.agencies.get(competentCode) : undefined;
  return { agency, parent, oneStopDesk: agencyCode === data.dossier.receivingAgency, competent };
}

/** Where the citizen collects the result (Mẫu 01 item 6): the chosen center's desk, or by post. */
export function returnPlaceLine(data: PaperData): string {
  const place = data.dossier.returnAt;
  if (place === RETURN_BY_POST) return 'qua dịch vụ bưu chính công ích theo địa chỉ đã đăng ký';
  return `Bộ phận tiếp nhận và trả kết quả ${agencyName(data, place || data.dossier.receivingAgency)}`;
}

export const agencyName = (data: PaperData, code: string | null | undefined): string =>
  code ? (data.agencies.get(code)?.name ?? code) : '';

/** The officer's full name as the users table has it; the username when unknown (a deleted account). */
export const personName = (data: PaperData, username: string | null | undefined): string =>
  username ? (data.people.get(username)?.fullName ?? username) : '';

/** "Trần Văn Hùng (UBND phường Quyết Thắng)", or the role when nobody has the step yet. */
export function partyLabel(data: PaperData, party: Party): { who: string; agency: string } {
  if (party.citizen) return { who: `Tổ chức, cá nhân: ${data.dossier.applicant.name}`, agency: '' };
  const who = party.username ? personName(data, party.username) : party.role ? `${roleLabel(party.role)} (chưa nhận)` : 'Hệ thống';
  return { who, agency: agencyName(data, party.agencyCode) };
}

/** The dossier's sequence of the day: the last group of its code (`…-261112-0007` → `0007`). */
export const dossierSeq = (code: string): string => code.slice(code.lastIndexOf('-') + 1);

/** "0007/GTN-HKQ": the day's sequence and the paper's abbreviation; `n` numbers repeated papers (a second supplement request). */
export const paperNumber = (data: PaperData, abbreviation: string, n?: number): string =>
  `${dossierSeq(data.dossier.code)}${n && n > 1 ? `.${n}` : ''}/${abbreviation}`;

export interface ReceivedDocument {
  name: string;
  originals: number | null;
  copies: number | null;
  /** The component's form (DOMAIN.md "Documents"): `original`, `copy`, `certified-copy`, `electronic`; null when not said. */
  kind: string | null;
}

const DOCUMENT_KINDS = ['original', 'copy', 'certified-copy', 'electronic'];

/**
 * What the applicant handed in (Mẫu 01, "Thành phần hồ sơ"): `data.documents` given at
 * reception — names, `{name, originals?, copies?}`, or a procedure component
 * `{name, kind, copies?}` (`copies` then counts that paper) — then what each supplement added.
 */
export function receivedDocuments(data: PaperData): ReceivedDocument[] {
  const out: ReceivedDocument[] = [];
  const given = (data.state.data as { documents?: unknown }).documents;
  if (Array.isArray(given)) {
    for (const d of given) {
      if (typeof d === 'string' && d.trim()) out.push({ name: d, originals: null, copies: null, kind: null });
      else if (d && typeof d === 'object' && typeof (d as { name?: unknown }).name === 'string') {
        const doc = d as { name: string; originals?: unknown; copies?: unknown; kind?: unknown };
        const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);
        const kind = typeof doc.kind === 'string' && DOCUMENT_KINDS.includes(doc.kind) ? doc.kind : null;
        if (kind === 'original') out.push({ name: doc.name, originals: count(doc.copies) ?? count(doc.originals) ?? 1, copies: null, kind });
        else if (kind === 'copy' || kind === 'certified-copy') out.push({ name: doc.name, originals: null, copies: count(doc.copies) ?? 1, kind });
        else out.push({ name: doc.name, originals: count(doc.originals), copies: count(doc.copies), kind });
      }
    }
  }
  return out;
}

/** Items handed in with supplements, in order, with when. */
export function supplementedItems(data: PaperData): Array<{ at: string; items: string[] }> {
  return data.events
    .filter((e) => e.type === 'supplemented')
    .map((e) => ({ at: e.at, items: Array.isArray(e.details.items) ? e.details.items.map(String) : [] }));
}
