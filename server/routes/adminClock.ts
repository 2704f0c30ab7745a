// The test clock (CONTRACT.md §5, §6.1), only with MOTCUA_CLOCK=manual: read it, and move
// it to any instant. Forwards, every deadline check and escalation that falls due on the
// way runs in order and its socket events go out before the answer; back, the clock is
// put there and nothing already recorded is undone — the answer says so.
import { z } from 'zod';
import { clockMoveRequestSchema } from '../../contract/index.js';
import { hasPermission } from '../auth/permissions.js';
import { elapsedMilliseconds, isManualClock, type ManualClock } from '../clock.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { checkAccess, defineRoute } from '../http/route.js';
import { Scheduler } from '../scheduler/index.js';

const clockSchema = z.object({ now: z.string() });


/** 404 without manual mode, whoever asks: the route does not exist on a real clock. */
function manualClockOf(ctx: ServerContext): ManualClock {
  if (!isManualClock(ctx.clock)) {
    throw new HttpError(404, 'CLOCK_NOT_MANUAL');
  }
  return ctx.clock;
}

export const adminClockRoutes = [
  defineRoute({
    method: 'get',
    path: '/admin/clock',
    summary: 'The manual clock (MOTCUA_CLOCK=manual only)',
    tag: 'admin',
    // Checked in the handler, after the 404 of a real clock.
    access: 'public',
    responses: {
      200: { description: 'The instant every server process on this database agrees on', schema: clockSchema },
      404: { description: 'Not in manual-clock mode (CLOCK_NOT_MANUAL)' },
    },
    handler: async ({ user }, ctx) => {
      const clock = manualClockOf(ctx);
      checkAccess('staff', user);
      return { body: { now: (await clock.reload()).toISOString() } };
    },
  }),

  defineRoute({
    method: 'post',
    path: '/admin/clock',
    summary: 'Move the manual clock to any instant; forwards, every deadline check due on the way runs first (admin)',
    tag: 'admin',
    access: 'public',
    body: z.unknown(),
    responses: {
      200: {
        description:
          'Moved. Forwards: every due-soon warning and escalation on the way was raised, in order, and sent. Back: nothing ran and nothing recorded was undone (`direction: "back"`, `notice` in Vietnamese, `noticeEn`)',
        schema: z.object({
          now: z.string(),
          from: z.string(),
          steps: z.array(z.string()),
          actions: z.number(),
          direction: z.enum(['forward', 'back']),
          notice: z.string().optional(),
          noticeEn: z.string().optional(),
        }),
      },
      404: { description: 'Not in manual-clock mode (CLOCK_NOT_MANUAL)' },
      422: { description: 'Not `{now}` or `{advance}` (VALIDATION_FAILED)' },
    },
    handler: async ({ user, body }, ctx) => {
      const clock = manualClockOf(ctx);
      checkAccess('staff', user);
      if (!hasPermission(user!, 'clock.manage')) {
        throw new HttpError(403, 'FORBIDDEN.clock', {}, {
          requiredRoles: ['admin'],
        });
      }
      const parsed = clockMoveRequestSchema.safeParse(body);
      if (!parsed.success) {
        throw new HttpError(422, 'VALIDATION_FAILED.clockMove', {}, [
          { field: 'body', message: 'expected {"now": "<ISO 8601 instant with offset>"} or {"advance": "<ISO 8601 duration>"}' },
        ]);
      }
      let target: Date;
      if ('now' in parsed.data) {
        target = new Date(parsed.data.now);
      } else {
        const ms = elapsedMilliseconds(parsed.data.advance);
        if (ms === null) {
          throw new HttpError(422, 'VALIDATION_FAILED.clockAdvance', {}, [
            { field: 'body.advance', message: 'an ISO 8601 duration in weeks, days, hours, minutes, seconds (PT2H, P3D, P1DT30M)' },
          ]);
        }
        target = new Date((await clock.reload()).getTime() + ms);
      }
      // Routes mounted without startServer (tests of the app alone) still move the clock properly.
      const scheduler = ctx.scheduler ?? new Scheduler(ctx.knex, clock, ctx.dossiers);
      const report = await scheduler.advanceTo(target);
      // The answer comes after the events: a client that moved the clock finds them sent.
      await ctx.live?.flush();
      if (report.direction === 'back') {
        return {
          body: {
            ...report,
            notice: 'Đồng hồ đã lùi; những gì đã ghi nhận (cảnh báo, chuyển cấp, kết quả) được giữ nguyên',
            noticeEn: 'The clock moved back; nothing already recorded (warnings, escalations, verdicts) was undone',
          },
        };
      }
      return { body: report };
    },
  }),
];
