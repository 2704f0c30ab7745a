// The printable papers of Circular 01/2018/TT-VPCP, by the name the API uses
// (GET /api/dossiers/:id/forms/:form). Each renders self-contained HTML from the data
// server/services/papers.ts gathers; a form that does not apply yet throws 409.
import type { PaperData } from '../services/papers.js';
import { renderApology } from './apology.js';
import { renderControlSlip } from './controlSlip.js';
import { renderReceipt } from './receipt.js';
import { renderRejection } from './rejection.js';
import { renderSupplementRequest } from './supplementRequest.js';

export interface FormDefinition {
  /** Circular 01/2018 form number. */
  formNo: string;
  title: string;
  render(data: PaperData): string | Promise<string>;
}

export const FORMS = {
  receipt: { formNo: '01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', render: renderReceipt },
  'supplement-request': { formNo: '02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', render: renderSupplementRequest },
  rejection: { formNo: '03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', render: renderRejection },
  apology: { formNo: '04', title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', render: renderApology },
  'control-slip': { formNo: '05', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', render: renderControlSlip },
} as const satisfies Record<string, FormDefinition>;

export type FormName = keyof typeof FORMS;

export const FORM_NAMES = Object.keys(FORMS) as FormName[];

export const isFormName = (name: string): name is FormName => Object.hasOwn(FORMS, name);

export { formNotAvailable, unknownForm } from './errors.js';
export { lookupUrl } from './receipt.js';
export { escapeHtml, vnDate, vnDateTime, vnShort } from './format.js';
export { STATUS_LABEL, VERDICT_LABEL, CHANNEL_LABEL, statusLabel, verdictLabel, channelLabel, roleLabel } from './labels.js';
export { handOvers, type HandOver, type Party } from './handovers.js';
