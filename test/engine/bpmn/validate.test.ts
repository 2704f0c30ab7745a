import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProcedure, validateModel } from '../../../engine/bpmn/index.js';
import type { Problem } from '../../../engine/model/problem.js';
import type { ProcedureModel } from '../../../engine/model/procedure.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function bpmn(body: string, processAttributes = 'mc:timeLimit="P5D"'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:mc="https://schemas.motcua.org/bpmn/1.0" id="Defs" targetNamespace="https://schemas.motcua.org/test">
  <bpmn:process id="P" name="Thủ tục thử" ${processAttributes}>${body}</bpmn:process>
</bpmn:definitions>`;
}

const flow = (id: string, source: string, target: string, extra = '') =>
  `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}" ${extra} />`;

const task = (id: string, attributes = 'mc:role="specialist"') => `<bpmn:userTask id="${id}" ${attributes} />`;

/** Start → the steps in order → End, flows named f0, f1, … */
function line(...steps: string[]): string {
  const ids = ['Start', ...steps.map((s) => /id="([^"]+)"/.exec(s)![1]), 'End'];
  const flows = ids.slice(1).map((id, i) => flow(`f${i}`, ids[i], id));
  return ['<bpmn:startEvent id="Start" />', ...steps, '<bpmn:endEvent id="End" />', ...flows].join('\n');
}

async function problemsOf(xml: string): Promise<Problem[]> {
  return (await loadProcedure(xml)).problems;
}

const found = (problems: Problem[], code: string) => problems.filter((p) => p.code === code).map((p) => p.elementId);

describe('reporting every mistake of a procedure in one answer', () => {
  it('names each mistake of the broken procedure by its element', async () => {
    const loaded = await loadProcedure(fixture('broken-procedure.bpmn'));
    expect(loaded.ok).toBe(false);
    const byCode = (code: string) => found(loaded.problems, code);
    expect(byCode('UNSUPPORTED_ELEMENT')).toEqual(['WaitPayment']);
    expect(byCode('DANGLING_FLOW')).toEqual(['f_ghost']);
    expect(byCode('UNREACHABLE')).toEqual(['Orphan']);
    expect(byCode('MISSING_ROLE')).toEqual(['NoRole']);
    expect(byCode('INVALID_DURATION')).toEqual(['NoRole']);
    expect(byCode('DUPLICATE_OUTCOME')).toEqual(['f_approve_again']);
    expect(byCode('GATEWAY_NOT_COVERED')).toEqual(['Decide']);
    expect(byCode('AMBIGUOUS_FLOW')).toEqual(['f_consult']);
    expect(byCode('NO_END_EVENT')).toEqual(['Consult']);
    expect(byCode('DEAD_END')).toEqual(['Ask']);
    expect(byCode('TIME_LIMIT_EXCEEDED')).toEqual(['Sign']);
    const limit = loaded.problems.find((p) => p.code === 'TIME_LIMIT_EXCEEDED')!;
    expect(limit.severity).toBe('warning');
    expect(limit.messageEn).toMatch(/4 working days, more than the time limit \(mc:timeLimit\) of 3 working days/);
    expect(limit.message).toMatch(/4 ngày làm việc/);
    for (const p of loaded.problems) {
      expect(p.elementId).not.toBeNull();
      expect(p.message.length).toBeGreaterThan(10);
      expect(p.messageEn.length).toBeGreaterThan(10);
    }
  });

  it('says nothing about a correct procedure', async () => {
    expect(await problemsOf(bpmn(line(task('Receive', 'mc:role="reception" mc:duration="P1D"'))))).toEqual([]);
  });

  it('warns when the procedure has no legal time limit, but still deploys', async () => {
    const loaded = await loadProcedure(bpmn(line(task('Receive')), ''));
    expect(found(loaded.problems, 'MISSING_TIME_LIMIT')).toEqual(['P']);
    expect(loaded.ok).toBe(true);
  });
});

describe('start, end and the paths between them', () => {
  it('requires a start event and only one per container', async () => {
    expect(found(await problemsOf(bpmn('<bpmn:endEvent id="End" />')), 'NO_START_EVENT')).toEqual(['P']);
    const two = `${line(task('A'))}<bpmn:startEvent id="Start2" />${flow('g', 'Start2', 'A')}`;
    const problems = await problemsOf(bpmn(two));
    expect(found(problems, 'MULTIPLE_START_EVENTS')).toEqual(['P']);
    expect(problems.find((p) => p.code === 'MULTIPLE_START_EVENTS')!.messageEn).toMatch(/Start, Start2/);
  });

  it('refuses a flow that crosses into a sub-process', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:endEvent id="End" />
      <bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart" />${task('Inner')}<bpmn:endEvent id="SubEnd" />
        ${flow('s1', 'SubStart', 'Inner')}${flow('s2', 'Inner', 'SubEnd')}</bpmn:subProcess>
      ${flow('f0', 'Start', 'Inner')}${flow('f1', 'Sub', 'End')}`);
    const problems = await problemsOf(xml);
    expect(found(problems, 'DANGLING_FLOW')).toEqual(['f0']);
    expect(problems.find((p) => p.code === 'DANGLING_FLOW')!.messageEn).toMatch(/outside its own container/);
  });

  it('refuses an activity that splits without a gateway', async () => {
    const xml = bpmn(`${line(task('A'), task('B'))}${task('C')}${flow('extra', 'A', 'C')}${flow('c_end', 'C', 'End')}`);
    expect(found(await problemsOf(xml), 'IMPLICIT_SPLIT')).toEqual(['A']);
  });

  it('lets a user task route by outcomes on its own flows', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${task('A')}${task('B')}<bpmn:endEvent id="End" />
      ${flow('f0', 'Start', 'A')}${flow('ok', 'A', 'End', 'mc:outcome="approve"')}${flow('back', 'A', 'B', 'mc:outcome="supplement"')}${flow('f2', 'B', 'A')}`);
    expect(await problemsOf(xml)).toEqual([]);
  });

  it('accepts a non-interrupting escalation that only notifies, but not an interrupting one leading nowhere', async () => {
    const boundary = (interrupting: boolean) =>
      bpmn(`${line(task('A', 'mc:role="specialist" mc:duration="P1D"'))}
      <bpmn:boundaryEvent id="Late" attachedToRef="A" cancelActivity="${interrupting}"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>`);
    expect(await problemsOf(boundary(false))).toEqual([]);
    expect(found(await problemsOf(boundary(true)), 'DEAD_END')).toEqual(['Late']);
  });
});

describe('outcomes and exclusive gateways', () => {
  const decision = (flows: string, gatewayAttributes = '') =>
    bpmn(`<bpmn:startEvent id="Start" />${task('Examine')}<bpmn:exclusiveGateway id="G" ${gatewayAttributes} />
      ${task('Yes')}${task('No')}<bpmn:endEvent id="End" />
      ${flow('f0', 'Start', 'Examine')}${flow('f1', 'Examine', 'G')}${flows}
      ${flow('y_end', 'Yes', 'End')}${flow('n_end', 'No', 'End')}`);

  it('accepts outcome branches without a default: the clerk always picks one', async () => {
    const xml = decision(`${flow('yes', 'G', 'Yes', 'mc:outcome="approve"')}${flow('no', 'G', 'No', 'mc:outcome="reject"')}`);
    expect(await problemsOf(xml)).toEqual([]);
  });

  it('asks for a default flow when only conditions choose the branch', async () => {
    const conditions = `<bpmn:sequenceFlow id="yes" sourceRef="G" targetRef="Yes"><bpmn:conditionExpression>fee &gt; 0</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="no" sourceRef="G" targetRef="No"><bpmn:conditionExpression>fee == 0</bpmn:conditionExpression></bpmn:sequenceFlow>`;
    expect(found(await problemsOf(decision(conditions)), 'GATEWAY_NOT_COVERED')).toEqual(['G']);
    const withDefault = decision(conditions.replace('<bpmn:conditionExpression>fee == 0</bpmn:conditionExpression>', ''), 'default="no"');
    expect(await problemsOf(withDefault)).toEqual([]);
  });

  it('refuses a condition that does not parse, naming the flow', async () => {
    const xml = decision(`<bpmn:sequenceFlow id="yes" sourceRef="G" targetRef="Yes"><bpmn:conditionExpression>process.exit()</bpmn:conditionExpression></bpmn:sequenceFlow>${flow('no', 'G', 'No')}`, 'default="no"');
    const problems = await problemsOf(xml);
    expect(found(problems, 'INVALID_EXPRESSION')).toEqual(['yes']);
    expect(problems.find((p) => p.code === 'INVALID_EXPRESSION')!.messageEn).toMatch(/function call/);
  });

  it('refuses a default flow that does not leave the gateway', async () => {
    const xml = decision(`${flow('yes', 'G', 'Yes', 'mc:outcome="approve"')}${flow('no', 'G', 'No', 'mc:outcome="reject"')}`, 'default="f0"');
    expect(found(await problemsOf(xml), 'INVALID_DEFAULT_FLOW')).toEqual(['G']);
  });

  it('warns about an outcome no clerk will ever be offered', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:endEvent id="End" />${flow('f', 'Start', 'End', 'mc:outcome="approve"')}`);
    const problems = await problemsOf(xml);
    expect(found(problems, 'OUTCOME_NOT_AFTER_TASK')).toEqual(['f']);
    expect(problems.find((p) => p.code === 'OUTCOME_NOT_AFTER_TASK')!.severity).toBe('warning');
  });
});

describe('attributes of steps and of the procedure', () => {
  it('refuses an action the engine does not have', async () => {
    const problems = await problemsOf(bpmn(line('<bpmn:serviceTask id="Pay" mc:action="chargeCard" />', '<bpmn:sendTask id="Mail" />')));
    expect(found(problems, 'UNKNOWN_ACTION')).toEqual(['Pay', 'Mail']);
  });

  it('refuses a badly written agency', async () => {
    const problems = await problemsOf(bpmn(line(task('A', 'mc:role="head" mc:agency="kind:"'), task('B', 'mc:role="head" mc:agency="@province"'))));
    expect(found(problems, 'INVALID_AGENCY')).toEqual(['A', 'B']);
  });

  it('refuses an unknown administrative level and day count', async () => {
    const problems = await problemsOf(bpmn(line(task('A')), 'mc:timeLimit="P5D" mc:level="ward" mc:dayCount="lunar"'));
    expect(found(problems, 'INVALID_LEVEL')).toEqual(['P']);
    expect(found(problems, 'INVALID_DAY_COUNT')).toEqual(['P']);
  });

  it('refuses durations in months, or weeks in working time', async () => {
    const problems = await problemsOf(bpmn(line(task('A', 'mc:role="head" mc:duration="P1W"')), 'mc:timeLimit="P1M"'));
    expect(found(problems, 'INVALID_DURATION')).toEqual(['P', 'A']);
  });

  it('refuses an escalation on a step with no allotment to overrun', async () => {
    const xml = bpmn(`${line(task('A'))}<bpmn:boundaryEvent id="Late" attachedToRef="A" cancelActivity="false"><bpmn:escalationEventDefinition /></bpmn:boundaryEvent>`);
    expect(found(await problemsOf(xml), 'BOUNDARY_WITHOUT_DURATION')).toEqual(['Late']);
  });

  it('refuses timers without a time, with a malformed cycle or date', async () => {
    const timer = (id: string, definition: string) =>
      `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
    const problems = await problemsOf(
      bpmn(
        line(
          timer('Empty', ''),
          timer('Cycle', '<bpmn:timeCycle>every day</bpmn:timeCycle>'),
          timer('Date', '<bpmn:timeDate>31/12/2026</bpmn:timeDate>'),
          timer('Good', '<bpmn:timeDate>2026-12-31T08:00:00+07:00</bpmn:timeDate>'),
          timer('Late', '<bpmn:timeDuration>soon</bpmn:timeDuration>'),
        ),
      ),
    );
    expect(found(problems, 'INVALID_TIMER')).toEqual(['Empty', 'Cycle', 'Date']);
    expect(found(problems, 'INVALID_DURATION')).toEqual(['Late']);
  });

  it('refuses cycles that repeat too often or without end (R/PT0S would fire 100,000 times)', async () => {
    const reminder = (id: string, cycle: string) =>
      `<bpmn:boundaryEvent id="${id}" attachedToRef="A" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
    const problems = await problemsOf(
      bpmn(
        line(task('A')) +
          reminder('Zero', 'R/PT0S') +
          reminder('ZeroCounted', 'R3/PT0S') +
          reminder('Minute', 'R5/PT1M') +
          reminder('Endless', 'R/PT4H') +
          reminder('NoRepeat', 'R0/PT4H') +
          reminder('TooMany', 'R100000/PT1H') +
          reminder('Hourly', 'R3/PT1H') +
          reminder('Daily', 'R100/P1D'),
      ),
    );
    expect(found(problems, 'INVALID_TIMER')).toEqual(['Zero', 'ZeroCounted', 'Minute', 'Endless', 'NoRepeat', 'TooMany']);
    const zero = problems.find((p) => p.elementId === 'ZeroCounted')!;
    expect(zero.severity).toBe('error');
    expect(zero.messageEn).toMatch(/too often/);
  });
});

describe('the sum of step allotments against the legal time limit', () => {
  it('counts the longest of two parallel branches, not their sum', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${task('Receive', 'mc:role="reception" mc:duration="P1D"')}
      <bpmn:parallelGateway id="Split" />${task('Police', 'mc:role="specialist" mc:duration="P3D"')}${task('Tax', 'mc:role="specialist" mc:agency="kind:tax" mc:duration="P2D"')}
      <bpmn:parallelGateway id="Join" />${task('Sign', 'mc:role="leader" mc:duration="P1D"')}<bpmn:endEvent id="End" />
      ${flow('f0', 'Start', 'Receive')}${flow('f1', 'Receive', 'Split')}${flow('p1', 'Split', 'Police')}${flow('p2', 'Split', 'Tax')}
      ${flow('j1', 'Police', 'Join')}${flow('j2', 'Tax', 'Join')}${flow('f2', 'Join', 'Sign')}${flow('f3', 'Sign', 'End')}`,
      'mc:timeLimit="P5D"',
    );
    expect(await problemsOf(xml)).toEqual([]);
    const tooTight = await problemsOf(xml.replace('mc:timeLimit="P5D"', 'mc:timeLimit="P4D"'));
    expect(found(tooTight, 'TIME_LIMIT_EXCEEDED')).toEqual(['Sign']);
    expect(tooTight[0].messageEn).toMatch(/Start → Receive → Split → Police → Join → Sign → End add up to 5 working days/);
  });

  it('does not count a supplement loop twice', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />${task('Receive', 'mc:role="reception" mc:duration="P1D"')}${task('Examine', 'mc:role="specialist" mc:duration="P4D"')}
      <bpmn:endEvent id="End" />${flow('f0', 'Start', 'Receive')}${flow('f1', 'Receive', 'Examine')}
      ${flow('ok', 'Examine', 'End', 'mc:outcome="approve"')}${flow('again', 'Examine', 'Receive', 'mc:outcome="supplement"')}`);
    expect(await problemsOf(xml)).toEqual([]);
  });

  it('counts working hours against working days', async () => {
    const xml = bpmn(line(task('A', 'mc:role="reception" mc:duration="PT4H"'), task('B', 'mc:role="head" mc:duration="P1D"')), 'mc:timeLimit="P1D"');
    const problems = await problemsOf(xml);
    expect(found(problems, 'TIME_LIMIT_EXCEEDED')).toEqual(['B']);
    expect(problems[0].messageEn).toMatch(/1\.53 working days/);
  });

  it('checks the steps inside a sub-process against the sub-process’s own allotment', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:endEvent id="End" />
      <bpmn:subProcess id="Sub" mc:duration="P1D"><bpmn:startEvent id="SubStart" />${task('Inner', 'mc:role="specialist" mc:duration="P2D"')}<bpmn:endEvent id="SubEnd" />
        ${flow('s1', 'SubStart', 'Inner')}${flow('s2', 'Inner', 'SubEnd')}</bpmn:subProcess>
      ${flow('f0', 'Start', 'Sub')}${flow('f1', 'Sub', 'End')}`);
    const problems = await problemsOf(xml);
    expect(found(problems, 'TIME_LIMIT_EXCEEDED')).toEqual(['Inner']);
    expect(problems[0].messageEn).toMatch(/allotment of sub-process "Sub"/);
  });
});

describe('parallel blocks', () => {
  it('reports a parallel split whose branches never meet, from the structure analysis', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Split" />${task('A')}${task('B')}
      <bpmn:endEvent id="End" /><bpmn:endEvent id="End2" />
      ${flow('f0', 'Start', 'Split')}${flow('a', 'Split', 'A')}${flow('b', 'Split', 'B')}${flow('a_end', 'A', 'End')}${flow('b_end', 'B', 'End2')}`);
    const problems = await problemsOf(xml);
    expect(problems.some((p) => p.code === 'BRANCH_ENDS_BEFORE_JOIN' || p.code === 'UNSTRUCTURED_PARALLEL')).toBe(true);
  });
});

describe('validating a model built in code', () => {
  it('reports a role-less task and a dangling flow without any XML', () => {
    const model: ProcedureModel = {
      key: 'hand_made',
      code: null,
      name: 'Thủ tục dựng tay',
      level: 'commune',
      timeLimit: 'P2D',
      dayCount: 'working',
      documentation: '',
      root: {
        id: 'hand_made',
        nodes: {
          Start: { id: 'Start', name: '', type: 'startEvent', incoming: [], outgoing: ['f0'] },
          A: {
            id: 'A',
            name: 'Bước A',
            type: 'userTask',
            role: '',
            agency: { kind: 'receiving' },
            duration: 'P1D',
            boundary: [],
            returns: false,
            incoming: ['f0'],
            outgoing: ['f1'],
          },
          End: { id: 'End', name: '', type: 'endEvent', terminate: false, incoming: [], outgoing: [] },
        },
        flows: {
          f0: { id: 'f0', name: '', source: 'Start', target: 'A', outcome: null, condition: null },
          f1: { id: 'f1', name: '', source: 'A', target: 'Nowhere', outcome: null, condition: null },
        },
      },
    };
    const problems = validateModel(model);
    expect(found(problems, 'MISSING_ROLE')).toEqual(['A']);
    expect(found(problems, 'DANGLING_FLOW')).toEqual(['f1']);
    expect(found(problems, 'UNREACHABLE')).toEqual(['End']);
  });
});
