// Early (trước hạn) / on time (đúng hạn) / late (quá hạn), as the agency reports them.
import type { WorkingCalendar } from '../calendar/index.js';
import type { Verdict } from '../dossier/types.js';

export interface VerdictOptions {
  /** An apology slip (Mẫu 04) was issued: the dossier counts as late whatever the new appointment. */
  apologized?: boolean;
}

/**
 * `early` if resolved on a local date before the appointment's, `onTime` on that date and
 * not after the appointment instant, `late` otherwise. Also used per step (Mẫu 05) with
 * the step's due instant.
 */
export function verdict(cal: WorkingCalendar, appointmentAt: Date, resolvedAt: Date, opts: VerdictOptions = {}): Verdict {
  if (opts.apologized === true) return 'late';
  // 'YYYY-MM-DD' strings compare in date order.
  const resolvedDate = cal.localDate(resolvedAt);
  const appointmentDate = cal.localDate(appointmentAt);
  if (resolvedDate < appointmentDate) return 'early';
  if (resolvedDate === appointmentDate && resolvedAt.getTime() <= appointmentAt.getTime()) return 'onTime';
  return 'late';
}
