// Vietnamese words for the engine's codes, shared by the papers, the citizen lookup and
// the dashboard: one place to correct a term.
import type { Channel, DossierStatus, Verdict } from '../../engine/index.js';

export const STATUS_LABEL: Readonly<Record<DossierStatus, string>> = {
  // Filed online on the national portal, not yet accepted (national status 1).
  submitted: 'Mới đăng ký',
  received: 'Đã tiếp nhận',
  processing: 'Đang giải quyết',
  awaitingSupplement: 'Chờ bổ sung, hoàn thiện hồ sơ',
  // Một cửa liên thông: another agency holds it for its share of the work.
  transferred: 'Đang giải quyết tại cơ quan phối hợp',
  awaitingReturn: 'Đã có kết quả, chờ trả',
  returned: 'Đã trả kết quả',
  rejected: 'Từ chối giải quyết',
  withdrawn: 'Đã rút hồ sơ',
  // Not accepted at intake (national status 3).
  refused: 'Không được tiếp nhận',
};

/** Early (trước hạn), on time (đúng hạn), late (quá hạn): the reporting form's words. */
export const VERDICT_LABEL: Readonly<Record<Verdict, string>> = {
  early: 'Trước hạn',
  onTime: 'Đúng hạn',
  late: 'Quá hạn',
};

export const CHANNEL_LABEL: Readonly<Record<Channel, string>> = {
  desk: 'Trực tiếp',
  online: 'Trực tuyến',
  post: 'Qua dịch vụ bưu chính',
};

const ROLE_LABEL: Readonly<Record<string, string>> = {
  reception: 'Bộ phận tiếp nhận và trả kết quả',
  specialist: 'Chuyên viên',
  head: 'Trưởng phòng',
  leader: 'Lãnh đạo',
  return: 'Bộ phận trả kết quả',
  manager: 'Lãnh đạo văn phòng',
  admin: 'Quản trị',
};

/** Roles an admin defines have no Vietnamese name here: print them as written. */
export const roleLabel = (role: string): string => ROLE_LABEL[role] ?? role;

export const statusLabel = (status: DossierStatus): string => STATUS_LABEL[status] ?? status;
export const verdictLabel = (v: Verdict | null): string => (v ? VERDICT_LABEL[v] : '');
export const channelLabel = (c: Channel): string => CHANNEL_LABEL[c] ?? c;
