import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportBpmn, importBpmn, loadProcedure, roundTrip } from '../../../engine/bpmn/index.js';
import { DomainError } from '../../../engine/errors.js';
import type { Problem } from '../../../engine/model/problem.js';
import type { UserTask } from '../../../engine/model/procedure.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function bpmn(body: string, processAttributes = 'mc:timeLimit="P5D"', outside = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:mc="https://schemas.motcua.org/bpmn/1.0" id="Defs" targetNamespace="https://schemas.motcua.org/test">
  <bpmn:process id="P" name="Thủ tục thử" ${processAttributes}>${body}</bpmn:process>${outside}
</bpmn:definitions>`;
}

/** Start → (the given step) → End, for looking at one element. */
const around = (step: string, stepId = 'S') => `
  <bpmn:startEvent id="Start" />${step}
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="in" sourceRef="Start" targetRef="${stepId}" />
  <bpmn:sequenceFlow id="out" sourceRef="${stepId}" targetRef="End" />`;

const codes = (problems: Problem[]) => problems.map((p) => `${p.code}@${p.elementId}`);

describe('importing a MộtCửa procedure', () => {
  it('imports the land-use certificate procedure without a single problem', async () => {
    const loaded = await loadProcedure(fixture('land-use-certificate.bpmn'));
    expect(loaded.problems).toEqual([]);
    expect(loaded.ok).toBe(true);
    const model = loaded.model!;
    expect(model).toMatchObject({
      key: 'land_use_certificate',
      code: '1.001193',
      name: 'Cấp giấy chứng nhận quyền sử dụng đất lần đầu',
      level: 'district',
      timeLimit: 'P5D',
      dayCount: 'working',
    });
    expect(model.documentation).toMatch(/^Quy trình mẫu/);
  });

  it('maps each step with its role, agency and allotment', async () => {
    const { model } = await importBpmn(fixture('land-use-certificate.bpmn'));
    const nodes = model!.root.nodes;
    expect(nodes.Receive).toMatchObject({ type: 'userTask', role: 'reception', agency: { kind: 'receiving' }, duration: 'P0.5D' });
    expect(nodes.Tax).toMatchObject({ role: 'specialist', agency: { kind: 'ofKind', agencyKind: 'tax' }, duration: 'P1D' });
    expect(nodes.NotifyRejection).toMatchObject({ type: 'serviceTask', action: 'notify', role: 'reception' });
    expect(nodes.Decision).toMatchObject({ type: 'exclusiveGateway', defaultFlow: null });
    expect(nodes.Decision.incoming).toEqual(['f_decide']);
    expect(nodes.Decision.outgoing).toEqual(['f_approve', 'f_supplement', 'f_reject']);
    expect((nodes.Examine as UserTask).boundary).toEqual(['ExamineOverdue']);
    expect(nodes.ExamineOverdue).toMatchObject({ type: 'boundaryEvent', interrupting: false, trigger: { kind: 'escalation' } });
    expect(model!.root.flows.f_supplement).toEqual({
      id: 'f_supplement',
      name: 'Yêu cầu bổ sung',
      source: 'Decision',
      target: 'Receive',
      outcome: 'supplement',
      condition: null,
    });
  });

  it('reads every form of mc:agency and keeps an unknown shape as an agency code', async () => {
    const steps = ['@receiving', '@parent', 'kind:land-office', '000.23.51.H40']
      .map((agency, i) => `<bpmn:userTask id="T${i}" mc:role="specialist" mc:agency="${agency}" />`)
      .join('');
    const { model } = await importBpmn(bpmn(steps));
    const agencies = [0, 1, 2, 3].map((i) => (model!.root.nodes[`T${i}`] as UserTask).agency);
    expect(agencies).toEqual([
      { kind: 'receiving' },
      { kind: 'parent' },
      { kind: 'ofKind', agencyKind: 'land-office' },
      { kind: 'exact', code: '000.23.51.H40' },
    ]);
  });

  it('lets the steps of a sub-process at the tax office inherit its agency', async () => {
    const { model } = await importBpmn(
      bpmn(`<bpmn:subProcess id="AtTax" mc:agency="kind:tax" mc:role="specialist" mc:duration="P2D">
        <bpmn:userTask id="Assess" />
        <bpmn:userTask id="Approve" mc:role="head" mc:agency="@parent" />
      </bpmn:subProcess>`),
    );
    const inner = (model!.root.nodes.AtTax as { container: { nodes: Record<string, UserTask> } }).container.nodes;
    expect(inner.Assess).toMatchObject({ role: 'specialist', agency: { kind: 'ofKind', agencyKind: 'tax' } });
    expect(inner.Approve).toMatchObject({ role: 'head', agency: { kind: 'parent' } });
    expect(model!.root.nodes.AtTax).toMatchObject({ type: 'subProcess', duration: 'P2D' });
  });

  it('reads timers: an intermediate wait, and interrupting and non-interrupting boundaries', async () => {
    const { model } = await importBpmn(
      bpmn(`
      <bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:userTask id="Pay" mc:role="reception" mc:duration="P2D" />
      <bpmn:boundaryEvent id="Remind" attachedToRef="Pay" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT4H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="GiveUp" attachedToRef="Pay"><bpmn:timerEventDefinition><bpmn:timeDate>2026-03-02T17:00:00+07:00</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>`),
    );
    const nodes = model!.root.nodes;
    expect(nodes.Wait).toMatchObject({ type: 'timerEvent', timer: { kind: 'duration', value: 'P1D' } });
    expect(nodes.Remind).toMatchObject({ interrupting: false, trigger: { kind: 'timer', timer: { kind: 'cycle', value: 'R2/PT4H' } } });
    expect(nodes.GiveUp).toMatchObject({ interrupting: true, trigger: { kind: 'timer', timer: { kind: 'date' } } });
    expect((nodes.Pay as UserTask).boundary).toEqual(['Remind', 'GiveUp']);
  });

  it('reads a terminate end event and a condition body', async () => {
    const { model } = await importBpmn(
      bpmn(`<bpmn:startEvent id="Start" />
      <bpmn:endEvent id="Stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
      <bpmn:sequenceFlow id="f" sourceRef="Start" targetRef="Stop"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><![CDATA[ fee > 0 && outcome == "approve" ]]></bpmn:conditionExpression></bpmn:sequenceFlow>`),
    );
    expect(model!.root.nodes.Stop).toMatchObject({ type: 'endEvent', terminate: true });
    expect(model!.root.flows.f.condition).toBe('fee > 0 && outcome == "approve"');
  });

  it('warns that a script task’s script is never run', async () => {
    const { problems } = await importBpmn(
      bpmn(around(`<bpmn:scriptTask id="S" mc:action="issueResult" scriptFormat="javascript"><bpmn:script>process.exit(1)</bpmn:script></bpmn:scriptTask>`)),
    );
    expect(codes(problems)).toEqual(['SCRIPT_NOT_RUN@S']);
  });

  it('warns about an mc: attribute on an element it means nothing to', async () => {
    const { problems } = await importBpmn(bpmn(`<bpmn:exclusiveGateway id="G" mc:role="head" /><bpmn:serviceTask id="N" mc:action="notify" mc:duration="P1D" />`));
    expect(codes(problems)).toEqual(['UNKNOWN_ATTRIBUTE@G', 'IGNORED_ATTRIBUTE@N']);
  });
});

describe('refusing what the engine cannot run, by element id', () => {
  it.each([
    ['an inclusive gateway', '<bpmn:inclusiveGateway id="X" />'],
    ['an event-based gateway', '<bpmn:eventBasedGateway id="X" />'],
    ['a call activity', '<bpmn:callActivity id="X" calledElement="other" />'],
    ['a receive task', '<bpmn:receiveTask id="X" />'],
    ['a business rule task', '<bpmn:businessRuleTask id="X" />'],
    ['a message start event', '<bpmn:startEvent id="X"><bpmn:messageEventDefinition /></bpmn:startEvent>'],
    ['an error end event', '<bpmn:endEvent id="X"><bpmn:errorEventDefinition /></bpmn:endEvent>'],
    ['a signal intermediate catch', '<bpmn:intermediateCatchEvent id="X"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>'],
    ['an intermediate throw event', '<bpmn:intermediateThrowEvent id="X" />'],
    ['an error boundary event', '<bpmn:userTask id="H" mc:role="head" /><bpmn:boundaryEvent id="X" attachedToRef="H"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>'],
    ['an event sub-process', '<bpmn:subProcess id="X" triggeredByEvent="true" />'],
    ['a transaction', '<bpmn:transaction id="X" />'],
    ['a multi-instance task', '<bpmn:userTask id="X" mc:role="head"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>'],
  ])('refuses %s', async (_what, element) => {
    const { problems } = await importBpmn(bpmn(element));
    const refused = problems.filter((p) => p.code === 'UNSUPPORTED_ELEMENT');
    expect(refused.map((p) => p.elementId)).toEqual(['X']);
    expect(refused[0].severity).toBe('error');
    expect(refused[0].message).toMatch(/không được hỗ trợ/);
  });

  it('ignores data objects, text annotations and associations, which carry no behaviour', async () => {
    const { problems } = await importBpmn(
      bpmn(`${around('<bpmn:userTask id="S" mc:role="specialist" />')}
      <bpmn:dataObject id="Dossier" /><bpmn:dataObjectReference id="DossierRef" dataObjectRef="Dossier" />
      <bpmn:textAnnotation id="Note"><bpmn:text>Theo Nghị định 61/2018</bpmn:text></bpmn:textAnnotation>
      <bpmn:association id="A" sourceRef="S" targetRef="Note" />`),
    );
    expect(problems).toEqual([]);
  });

  it('accepts a citizen pool without steps but refuses a message flow into the procedure', async () => {
    const collaboration = (flows: string) => `
  <bpmn:collaboration id="C">
    <bpmn:participant id="Citizen" name="Công dân" />
    <bpmn:participant id="Office" name="Bộ phận một cửa" processRef="P" />
    <bpmn:participant id="Bank" name="Ngân hàng" />
    ${flows}
  </bpmn:collaboration>`;
    const body = around('<bpmn:userTask id="S" mc:role="reception" />');
    const between = await importBpmn(bpmn(body, '', collaboration('<bpmn:messageFlow id="Pay" sourceRef="Citizen" targetRef="Bank" />')));
    expect(between.problems).toEqual([]);
    const into = await importBpmn(bpmn(body, '', collaboration('<bpmn:messageFlow id="Submit" sourceRef="Citizen" targetRef="Start" />')));
    expect(codes(into.problems)).toEqual(['UNSUPPORTED_ELEMENT@Submit']);
    const toPool = await importBpmn(bpmn(body, '', collaboration('<bpmn:messageFlow id="Submit" sourceRef="Citizen" targetRef="Office" />')));
    expect(codes(toPool.problems)).toEqual(['UNSUPPORTED_ELEMENT@Submit']);
  });

  it('takes the participant name when the process has none', async () => {
    const xml = bpmn(around('<bpmn:userTask id="S" mc:role="reception" />'), '', `
  <bpmn:collaboration id="C"><bpmn:participant id="Office" name="Bộ phận một cửa" processRef="P" /></bpmn:collaboration>`).replace(' name="Thủ tục thử"', '');
    const { model } = await importBpmn(xml);
    expect(model!.name).toBe('Bộ phận một cửa');
  });

  it('refuses an mc:cutoff that is not a time of day', async () => {
    const { problems } = await importBpmn(bpmn('', 'mc:timeLimit="P5D" mc:cutoff="4pm"'));
    expect(codes(problems)).toEqual(['INVALID_CUTOFF@P']);
  });
});

describe('answering broken files with problems, not exceptions', () => {
  it.each([
    ['an unclosed tag', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p"'],
    ['mismatched tags', '<a><b></a>'],
    ['plain text', 'Hồ sơ đăng ký khai sinh'],
    ['an empty upload', ''],
    ['XML that is not BPMN', '<?xml version="1.0"?><note>không phải BPMN</note>'],
  ])('reports %s as INVALID_XML', async (_what, xml) => {
    const result = await importBpmn(xml);
    expect(result.model).toBeNull();
    expect(result.problems.map((p) => p.code)).toContain('INVALID_XML');
    expect(result.problems.every((p) => p.severity === 'error')).toBe(true);
    const loaded = await loadProcedure(xml);
    expect(loaded.ok).toBe(false);
  });

  it('reports a file without a process', async () => {
    const xml = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="x" />';
    expect(codes((await importBpmn(xml)).problems)).toEqual(['NO_PROCESS@D']);
  });

  it('reports the second element of a duplicated id instead of silently dropping it', async () => {
    const { problems } = await importBpmn(bpmn('<bpmn:userTask id="Twice" mc:role="head" /><bpmn:userTask id="Twice" mc:role="leader" />'));
    expect(codes(problems)).toContain('DUPLICATE_ID@Twice');
  });
});

describe('writing the procedure back as BPMN', () => {
  it('keeps every mc: attribute through import → export → import', async () => {
    const xml = fixture('land-use-certificate.bpmn');
    const first = await importBpmn(xml);
    const exported = await exportBpmn(first.definitions);
    for (const attribute of [
      'mc:code="1.001193"',
      'mc:timeLimit="P5D"',
      'mc:level="district"',
      'mc:dayCount="working"',
      'mc:cutoff="16:30"',
      'mc:agency="kind:tax"',
      'mc:agency="@receiving"',
      'mc:duration="P0.5D"',
      'mc:outcome="supplement"',
      'mc:action="notify"',
      'mc:role="return"',
    ]) {
      expect(exported).toContain(attribute);
    }
    const second = await importBpmn(exported);
    expect(second.problems).toEqual(first.problems);
    expect(second.model).toEqual(first.model);
  });

  it('keeps the diagram layout and the namespace declaration', async () => {
    const out = await roundTrip(fixture('land-use-certificate.bpmn'));
    expect(out).toContain('xmlns:mc="https://schemas.motcua.org/bpmn/1.0"');
    expect(out).toContain('bpmnElement="Receive"');
    expect(await roundTrip(out)).toBe(out);
  });

  it('throws INVALID_MODEL when asked to round-trip something that is not BPMN', async () => {
    await expect(roundTrip('not xml')).rejects.toBeInstanceOf(DomainError);
    await expect(exportBpmn(null)).rejects.toMatchObject({ code: 'INVALID_MODEL' });
  });
});
