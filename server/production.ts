// NODE_ENV=production (CONTRACT.md §6.1): no demo agencies or accounts, and no start at
// all while the admin password is missing, the documented default, or weak — a fresh
// install must never face a province with a password printed in the README. Checked in
// server/main.ts before anything is opened or listened on.
import { PASSWORD_MIN_LENGTH, passwordWeakness } from '../contract/index.js';
import { ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD } from './seed/demoData.js';

export const isProduction = (env: NodeJS.ProcessEnv = process.env): boolean => env.NODE_ENV === 'production';

/** Why a production server must not start (both languages, for the operator's console), or null. */
export function productionRefusal(env: NodeJS.ProcessEnv = process.env): string | null {
  const password = env.MOTCUA_ADMIN_PASSWORD ?? '';
  const fix =
    `Đặt MOTCUA_ADMIN_PASSWORD là một mật khẩu mạnh (ít nhất ${PASSWORD_MIN_LENGTH} ký tự, không phải mật khẩu phổ biến) rồi chạy lại.\n` +
    `Set MOTCUA_ADMIN_PASSWORD to a strong password (at least ${PASSWORD_MIN_LENGTH} characters, not a common one) and start again.`;
  if (password === '') {
    return `NODE_ENV=production: chưa đặt MOTCUA_ADMIN_PASSWORD, máy chủ không khởi động.\nNODE_ENV=production: MOTCUA_ADMIN_PASSWORD is not set; the server does not start.\n${fix}`;
  }
  if (password === DEFAULT_ADMIN_PASSWORD) {
    return `NODE_ENV=production: MOTCUA_ADMIN_PASSWORD là mật khẩu mặc định đã công bố, máy chủ không khởi động.\nNODE_ENV=production: MOTCUA_ADMIN_PASSWORD is the documented default; the server does not start.\n${fix}`;
  }
  if (passwordWeakness(password, ADMIN_USERNAME)) {
    return `NODE_ENV=production: MOTCUA_ADMIN_PASSWORD quá yếu, máy chủ không khởi động.\nNODE_ENV=production: MOTCUA_ADMIN_PASSWORD is too weak; the server does not start.\n${fix}`;
  }
  return null;
}
