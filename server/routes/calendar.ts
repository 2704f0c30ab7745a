// The working calendar of a year: the computed defaults (Labour Code 2019 art. 112, lunar
// dates computed) or the government's decision for that year as an admin typed it in.
// A PUT replaces the year's days off and make-up days as a whole; dossiers already
// received keep the appointment printed on their receipt, new deadlines use the new days.
import { z } from 'zod';
import { calendarYearRequestSchema, type FieldProblem } from '../../contract/index.js';
import { DomainError, WorkingCalendar, overrideProblems, type OverrideProblem } from '../../engine/index.js';
import { accessFor } from '../auth/permissions.js';
import type { ServerContext } from '../context.js';
import { defineRoute } from '../http/route.js';
import { getYearOverride, putYearOverride } from '../store/index.js';

// The lunar tables behind Tết and Hùng Kings' day cover these years.
const yearParams = z.object({ year: z.coerce.number().int().min(1900).max(2199) });

async function effectiveCalendar(ctx: ServerContext, year: number) {
  const [{ calendar }, override] = await Promise.all([ctx.dossiers.engineContext(), getYearOverride(ctx.knex, year)]);
  const daysOff = calendar.daysOff(year);
  return {
    year,
    timeZone: calendar.timeZone,
    officeHours: calendar.sessions,
    weekdays: calendar.weekdays,
    // The same two lists a PUT takes, so a client can edit what it read.
    holidays: daysOff.map((d) => d.date),
    workingDays: calendar.makeUpDays(year),
    daysOff,
    source: override ? 'override' : 'computed',
    updatedBy: override?.updatedBy ?? null,
    updatedAt: override?.updatedAt ?? null,
  };
}

/** A problem of the decision as a detail of the answer: the field it is about and its words. */
const detailOf = (problem: OverrideProblem | DomainError): FieldProblem => {
  const { messageKey, params, message, messageEn } = problem;
  const field = problem instanceof DomainError || problem.field === null ? 'body' : `body.${problem.field}`;
  return { field, messageKey, params, message, messageEn };
};

export const calendarRoutes = [
  defineRoute({
    method: 'get',
    path: '/calendar/:year',
    summary: 'The effective calendar of a year: days off with their names, make-up working days',
    tag: 'calendar',
    access: accessFor('calendar.read'),
    params: yearParams,
    handler: async ({ params }, ctx) => ({ body: await effectiveCalendar(ctx, params.year) }),
  }),

  defineRoute({
    method: 'put',
    path: '/calendar/:year',
    summary: 'Replace the days off and make-up working days of a year (the government’s decision)',
    tag: 'calendar',
    access: accessFor('calendar.manage'),
    params: yearParams,
    body: calendarYearRequestSchema,
    handler: async ({ params, body, user }, ctx) => {
      const override = { year: params.year, holidays: body.holidays, workingDays: body.workingDays };
      const problems: (OverrideProblem | DomainError)[] = overrideProblems(override);
      if (problems.length === 0) {
        // What the engine would refuse later (an impossible date like 2026-02-30) is refused now.
        try {
          new WorkingCalendar({ overrides: [override] }).daysOff(params.year);
        } catch (error) {
          problems.push(error instanceof DomainError ? error : new DomainError('INVALID_CALENDAR'));
        }
      }
      if (problems.length > 0) throw new DomainError('INVALID_CALENDAR', {}, problems.map(detailOf));
      await putYearOverride(ctx.knex, { ...override, updatedBy: user!.username, updatedAt: ctx.clock.now().toISOString() });
      await ctx.dossiers.refresh();
      return { body: await effectiveCalendar(ctx, params.year) };
    },
  }),
];
