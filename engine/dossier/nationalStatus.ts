// The national dossier statuses (DOMAIN.md, "National dossier statuses"; docs/domain.md):
// the National Public Service Portal and the Decision 766 index speak of ten statuses, and
// MộtCửa's own statuses map onto them one way. Sync and reporting read this one table.
import type { DossierStatus } from './types.js';

/** 1–10 as the national portal numbers them. */
export const NATIONAL_STATUSES = {
  1: { vi: 'Mới đăng ký', en: 'Newly filed' },
  2: { vi: 'Được tiếp nhận', en: 'Accepted' },
  3: { vi: 'Không được tiếp nhận', en: 'Not accepted' },
  4: { vi: 'Đang xử lý', en: 'In progress' },
  5: { vi: 'Yêu cầu bổ sung', en: 'Supplement requested' },
  6: { vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Financial obligation requested' },
  7: { vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawn at the citizen’s request' },
  8: { vi: 'Dừng xử lý', en: 'Processing stopped' },
  9: { vi: 'Đã xử lý xong', en: 'Processed' },
  10: { vi: 'Đã trả kết quả', en: 'Result returned' },
} as const;

export type NationalStatus = keyof typeof NATIONAL_STATUSES;

const OF_STATUS: Record<DossierStatus, NationalStatus> = {
  // Filed online, not yet accepted by a desk.
  submitted: 1,
  received: 2,
  processing: 4,
  // With another agency of the inter-agency chain: still being processed.
  transferred: 4,
  awaitingSupplement: 5,
  // The result is ready at the desk.
  awaitingReturn: 9,
  returned: 10,
  // Refused during processing (Mẫu 03): processing stopped.
  rejected: 8,
  withdrawn: 7,
  // Not accepted at intake (an online filing the desk turned down): never processed.
  refused: 3,
};

export function nationalStatusOf(status: DossierStatus): NationalStatus {
  return OF_STATUS[status];
}

/**
 * The national status of a dossier that may be waiting for the citizen's financial
 * obligation (a fee or tax requested and not yet paid, issue 17): 6 while it waits — in
 * progress on our side, on the citizen's side for the portal — otherwise its status's.
 */
export function nationalStatusWhile(status: DossierStatus, awaitingPayment: boolean): NationalStatus {
  const own = OF_STATUS[status];
  return awaitingPayment && (own === 2 || own === 4 || own === 9) ? 6 : own;
}
