// The working calendar of a year: the computed defaults (Labour Code 2019 art. 112, lunar
// dates computed) or the government's decision for that year as an admin typed it in.
// A PUT replaces the year's days off and make-up days as a whole; dossiers already
// received keep the appointment printed on their receipt, new deadlines use the new days.
import { z } from 'zod';
import { calendarYearRequestSchema } from '../../contract/index.js';
import { WorkingCalendar, overrideProblems } from '../../engine/index.js';
import { accessFor } from '../auth/permissions.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http/errors.js';
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

/** overrideProblems prefixes each message with the list it is about. */
const fieldOf = (message: string): string =>
  message.startsWith('holidays') ? 'body.holidays' : message.startsWith('workingDays') ? 'body.workingDays' : 'body';

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
      const problems = overrideProblems(override);
      if (problems.length === 0) {
        // What the engine would refuse later (an impossible date like 2026-02-30) is refused now.
        try {
          new WorkingCalendar({ overrides: [override] }).daysOff(params.year);
        } catch (error) {
          problems.push(error instanceof Error ? error.message : String(error));
        }
      }
      if (problems.length > 0) {
        throw new HttpError(422, 'INVALID_CALENDAR', 'Lịch không hợp lệ / Invalid calendar', problems.map((message) => ({ field: fieldOf(message), message })));
      }
      await putYearOverride(ctx.knex, { ...override, updatedBy: user!.username, updatedAt: ctx.clock.now().toISOString() });
      await ctx.dossiers.refresh();
      return { body: await effectiveCalendar(ctx, params.year) };
    },
  }),
];
