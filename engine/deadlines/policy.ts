// When a deadline counts as "due soon" and who hears about an overrun, as data: the
// defaults below are MộtCửa's policy where the law leaves room (DOMAIN.md, Time); a
// procedure overrides them with BPMN timer and escalation boundary events.

/** Who is told: the task's assignee, the agency's head (trưởng phòng), its leader (lãnh đạo), the dashboard, or a role name. */
export type NotifyTarget = 'assignee' | 'head' | 'leader' | 'dashboard' | (string & {});

export interface EscalationRung {
  /** 1, 2, …: a task records the highest level raised, so no rung is raised twice. */
  level: number;
  /** ISO working duration after the due instant (`PT0S`: at the due instant). */
  afterDue: string;
  notify: NotifyTarget[];
}

export interface DeadlinePolicy {
  /** Share of the allotment left when a task turns dueSoon. */
  dueSoonFraction: number;
  /** …or this many working minutes left, whichever is larger. */
  dueSoonMinMinutes: number;
  /**
   * Share of the allotment at the start of a step during which it is never due soon
   * (absent: 0). Without it a step of half a day or less — a desk's P0.5D — would warn
   * from the second it opened: noise for a dossier received a second ago (issue 20).
   */
  dueSoonGraceFraction?: number;
  ladder: EscalationRung[];
  /**
   * An open dossier whose appointment falls within this much working time is listed as
   * due soon (the dashboard's "Sắp đến ngày hẹn trả"); a step's own rule is the one above.
   */
  appointmentDueSoonWithin: string;
}

export const DEFAULT_POLICY: Readonly<DeadlinePolicy> = Object.freeze({
  dueSoonFraction: 0.2,
  dueSoonMinMinutes: 240,
  dueSoonGraceFraction: 0.25,
  ladder: [
    { level: 1, afterDue: 'PT0S', notify: ['assignee', 'head'] },
    { level: 2, afterDue: 'P1D', notify: ['leader', 'dashboard'] },
  ],
  appointmentDueSoonWithin: 'P1D',
});
