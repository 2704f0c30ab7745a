// One rule for "due soon" (DOMAIN.md, Time): the task view of GET /tasks and the socket
// payload judge a task by the instants the engine stamped on it, which a supplement
// pause moved — not by startedAt → dueAt, which the pause stretched.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProcedure } from '../../engine/bpmn/index.js';
import { WorkingCalendar } from '../../engine/calendar/index.js';
import { AgencyDirectory } from '../../engine/dossier/agencies.js';
import { completeTask, receiveDossier, requestSupplement, supplementDossier } from '../../engine/dossier/lifecycle.js';
import type { DossierState, Task } from '../../engine/dossier/types.js';
import { compileProcedure, type CompiledProcedure } from '../../engine/machine/compile.js';
import { presentTask } from '../../server/http/presenters.js';
import { emissionsFor } from '../../server/live/events.js';

const COMMUNE = '000.01.23.H40';
const ctx = {
  calendar: new WorkingCalendar(),
  agencies: new AgencyDirectory([{ code: COMMUNE, name: 'UBND phường', level: 'commune', kind: null, parentCode: null }]),
};
const clerk = { username: 'tiepnhan', agencyCode: COMMUNE, roles: ['reception', 'specialist'] };
const vn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:mc="https://schemas.motcua.org/bpmn/1.0" id="D" targetNamespace="t">
  <bpmn:process id="one_day_step" name="Một bước một ngày" isExecutable="true" mc:timeLimit="P3D" mc:level="commune">
    <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Receive" name="Tiếp nhận" mc:role="reception" mc:duration="PT1H"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:userTask id="Examine" name="Thẩm định" mc:role="specialist" mc:duration="P1D"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="End"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Receive"/>
    <bpmn:sequenceFlow id="f2" sourceRef="Receive" targetRef="Examine"/>
    <bpmn:sequenceFlow id="f3" sourceRef="Examine" targetRef="End"/>
  </bpmn:process>
</bpmn:definitions>`;

let procedure: CompiledProcedure;
let state: DossierState;
let examine: Task;

beforeAll(async () => {
  const loaded = await loadProcedure(XML);
  procedure = compileProcedure(loaded.model!, 1);
  let s = receiveDossier(ctx, procedure, { id: 'd1', code: 'C-1', receivingAgency: COMMUNE, actor: clerk }, vn('2026-03-02 09:00')).state;
  const receive = s.tasks.find((t) => t.stepId === 'Receive')!;
  // The one-day step starts Monday 2 March 2026, 10:00 (due Tuesday 10:00) …
  s = completeTask(ctx, procedure, s, { taskId: receive.id, actor: clerk }, vn('2026-03-02 10:00')).state;
  // … is paused Monday 14:00 and resumed Friday 6 March 10:00 (28 working hours).
  s = requestSupplement(ctx, procedure, s, { actor: clerk, reason: 'Thiếu giấy tờ', items: ['CCCD'] }, vn('2026-03-02 14:00')).state;
  s = supplementDossier(ctx, procedure, s, { actor: clerk, items: ['CCCD'] }, vn('2026-03-06 10:00')).state;
  state = s;
  examine = s.tasks.find((t) => t.stepId === 'Examine' && t.state === 'open')!;
});

describe('due soon after a supplement pause', () => {
  it('moves the step to Monday 9 March 08:00 and its due-soon instant past Friday 10:00', () => {
    expect(examine.dueAt).toBe(vn('2026-03-09 08:00').toISOString());
    // 240 working minutes before the due instant: Friday 11:30 (330 of 450 minutes are left at 10:00).
    expect(examine.dueSoonAt).toBe(vn('2026-03-06 11:30').toISOString());
  });

  it('GET /tasks says on time at Friday 10:00, as the stored instant does, and due soon from 11:30', () => {
    const view = (now: Date) =>
      presentTask(examine, { calendar: ctx.calendar, procedure, dossierId: 'd1', dossierCode: 'C-1', pausedSince: null, now });
    expect(view(vn('2026-03-06 10:00')).deadlineState).toBe('onTime');
    expect(view(vn('2026-03-06 10:00')).remainingWorkingMinutes).toBe(330);
    expect(view(vn('2026-03-06 11:30')).deadlineState).toBe('dueSoon');
    expect(view(vn('2026-03-09 08:01')).deadlineState).toBe('overdue');
  });

  it('the socket payload of the same task at the same instant agrees', () => {
    const message = (at: Date) => ({
      id: 1,
      dossierId: 'd1',
      topic: 'taskUpdated',
      payload: { type: 'taskUpdated', task: examine, dossierId: 'd1', taskId: examine.id },
      createdAt: at.toISOString(),
    });
    const summary = new Map([['d1', { id: 'd1', code: 'C-1', status: state.status } as never]]);
    const sent = emissionsFor([message(vn('2026-03-06 10:00'))], summary).find((e) => e.event === 'task:updated');
    expect((sent?.payload as { deadlineState: string }).deadlineState).toBe('onTime');
  });
});
