// The designer lays out files without diagram information with bpmn-auto-layout, which
// follows each flow node's <bpmn:incoming>/<bpmn:outgoing> children and ignores the flows'
// sourceRef/targetRef. linkFlowNodes fills those children in from the flows (legal BPMN
// leaves them out); diagramGaps names whatever the layout still left undrawn.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layoutProcess } from 'bpmn-auto-layout';
import type { ModdleElement } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { diagramGaps, layOut } from '../../designer/src/modeler/autoLayout.js';
import { linkFlowNodes } from '../../designer/src/modeler/linkFlowNodes.js';
import { bpmnModdle } from '../../engine/index.js';

const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');
/** Five tasks, a gateway, eight flows; no bpmndi, no incoming/outgoing children. */
const NO_LINKS = read('../browser/fixtures/no-diagram-no-links.bpmn');
/** The same kind of procedure written with every incoming/outgoing child. */
const LINKED = read('../engine/dossier/fixtures/land-transfer.bpmn');

const FLOWS = ['f1', 'f2', 'f3', 'f4', 'f_approve', 'f_rework', 'f5', 'f6'];
const NODES = ['Start', 'Receive', 'Examine', 'Review', 'ReviewDecision', 'Sign', 'Return', 'End'];

/** id → [incoming ids, outgoing ids] of every flow node, as the file says. */
async function links(xml: string): Promise<Record<string, [string[], string[]]>> {
  const { elementsById } = await bpmnModdle.fromXML(xml);
  const ids = (list: unknown) => ((list as ModdleElement[] | undefined) ?? []).map((f) => f.id!);
  const out: Record<string, [string[], string[]]> = {};
  for (const [id, el] of Object.entries(elementsById)) {
    if (el.$descriptor.properties.some((p) => p.name === 'incoming') && el.$type !== 'bpmn:SequenceFlow') out[id] = [ids(el.get('incoming')), ids(el.get('outgoing'))];
  }
  return out;
}

const count = (xml: string, tag: string) => (xml.match(new RegExp(`<bpmndi:${tag}\\b`, 'g')) ?? []).length;

describe('linkFlowNodes', () => {
  it('fills every flow node’s incoming and outgoing from the flows’ sourceRef and targetRef', async () => {
    expect((await links(NO_LINKS)).Examine).toEqual([[], []]);
    expect(await links(await linkFlowNodes(NO_LINKS))).toEqual({
      Start: [[], ['f1']],
      Receive: [['f1'], ['f2']],
      Examine: [['f2', 'f_rework'], ['f3']],
      Review: [['f3'], ['f4']],
      ReviewDecision: [['f4'], ['f_approve', 'f_rework']],
      Sign: [['f_approve'], ['f5']],
      Return: [['f5'], ['f6']],
      End: [['f6'], []],
    });
  });

  it('keeps the mc: attributes and everything else of the file', async () => {
    const linked = await linkFlowNodes(NO_LINKS);
    expect(linked).toContain('mc:outcome="rework"');
    expect(linked).toContain('mc:role="return"');
    expect(linked).toContain('mc:timeLimit="P6D"');
    expect(linked).not.toContain('bpmndi:');
  });

  it('returns a file whose lists are already complete unchanged', async () => {
    expect(await linkFlowNodes(LINKED)).toBe(LINKED);
  });

  it('drops an entry naming a flow that does not touch the node, and fills sub-processes too', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <bpmn:process id="P" isExecutable="true">
    <bpmn:startEvent id="S"><bpmn:outgoing>b</bpmn:outgoing></bpmn:startEvent>
    <bpmn:subProcess id="Sub">
      <bpmn:startEvent id="SubStart" />
      <bpmn:endEvent id="SubEnd" />
      <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="SubEnd" />
    </bpmn:subProcess>
    <bpmn:endEvent id="E" />
    <bpmn:sequenceFlow id="a" sourceRef="S" targetRef="Sub" />
    <bpmn:sequenceFlow id="b" sourceRef="Sub" targetRef="E" />
  </bpmn:process>
</bpmn:definitions>`;
    expect(await links(await linkFlowNodes(xml))).toEqual({
      S: [[], ['a']],
      Sub: [['a'], ['b']],
      SubStart: [[], ['s1']],
      SubEnd: [['s1'], []],
      E: [['b'], []],
    });
  });
});

describe('laying out a file without diagram information', () => {
  it('without the links the layouter draws no flow, and diagramGaps names all eight', async () => {
    const unlinked = await layoutProcess(NO_LINKS);
    expect(count(unlinked, 'BPMNEdge')).toBe(0);
    const gaps = await diagramGaps(unlinked);
    expect(gaps.map((g) => g.id)).toEqual(FLOWS);
    expect(gaps.every((g) => g.missing === 'edge')).toBe(true);
    expect(gaps.find((g) => g.id === 'f_rework')?.name).toBe('Thẩm định lại');
  });

  it('with them every flow node gets a shape and every flow an edge', async () => {
    const { xml, gaps } = await layOut(NO_LINKS);
    expect(gaps).toEqual([]);
    expect(count(xml, 'BPMNShape')).toBe(NODES.length);
    expect(count(xml, 'BPMNEdge')).toBe(FLOWS.length);
  });

  it('names what the layouter leaves out: a second process gets no shapes', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D" targetNamespace="t">
  <bpmn:process id="P1" isExecutable="true">
    <bpmn:startEvent id="S1" /><bpmn:endEvent id="E1" />
    <bpmn:sequenceFlow id="p1f" sourceRef="S1" targetRef="E1" />
  </bpmn:process>
  <bpmn:process id="P2" isExecutable="false">
    <bpmn:startEvent id="S2" name="Khác" /><bpmn:endEvent id="E2" />
    <bpmn:sequenceFlow id="p2f" sourceRef="S2" targetRef="E2" />
  </bpmn:process>
</bpmn:definitions>`;
    const { gaps } = await layOut(xml);
    expect(gaps).toEqual([
      { id: 'S2', name: 'Khác', type: 'bpmn:StartEvent', missing: 'shape' },
      { id: 'E2', name: null, type: 'bpmn:EndEvent', missing: 'shape' },
      { id: 'p2f', name: null, type: 'bpmn:SequenceFlow', missing: 'edge' },
    ]);
  });
});
