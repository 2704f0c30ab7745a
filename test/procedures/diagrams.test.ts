// Every shipped procedure opens cleanly in the designer and in other BPMN tools: the
// `mc:` namespace, a legal basis and time limit in the documentation, a procedure code,
// and diagram information (bpmndi) for every flow node and flow, laid out so that
// nothing overlaps and every edge runs between its own two shapes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bpmnModdle, loadProcedure, MOTCUA_NAMESPACE } from '../../engine/bpmn/index.js';
import type { ModdleElement } from 'bpmn-moddle';
import { PROCEDURES_DIR, pendingAttributeWarning, procedureFiles, procedureXml } from './support.js';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SIZES: Record<string, [number, number]> = {
  'bpmn:StartEvent': [36, 36],
  'bpmn:EndEvent': [36, 36],
  'bpmn:IntermediateCatchEvent': [36, 36],
  'bpmn:BoundaryEvent': [36, 36],
  'bpmn:ExclusiveGateway': [50, 50],
  'bpmn:ParallelGateway': [50, 50],
  'bpmn:UserTask': [100, 80],
  'bpmn:ServiceTask': [100, 80],
};

const list = (el: ModdleElement, property: string): ModdleElement[] => {
  const value = el.get(property);
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
};

function flowElements(container: ModdleElement): ModdleElement[] {
  return list(container, 'flowElements').flatMap((el) => (el.$type === 'bpmn:SubProcess' ? [el, ...flowElements(el)] : [el]));
}

const onBorder = (p: { x: number; y: number }, b: Box): boolean => {
  const within = (v: number, lo: number, hi: number) => v >= lo - 1 && v <= hi + 1;
  const inside = within(p.x, b.x, b.x + b.width) && within(p.y, b.y, b.y + b.height);
  const edge =
    Math.abs(p.x - b.x) <= 1 || Math.abs(p.x - b.x - b.width) <= 1 || Math.abs(p.y - b.y) <= 1 || Math.abs(p.y - b.y - b.height) <= 1;
  return inside && edge;
};

const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function parse(file: string) {
  const { rootElement: definitions } = await bpmnModdle.fromXML(procedureXml(file));
  const process = list(definitions, 'rootElements').find((el) => el.$type === 'bpmn:Process')!;
  const plane = list(definitions, 'diagrams')[0]?.get('plane') as ModdleElement | undefined;
  const shapes = new Map<string, { element: ModdleElement; bounds: Box }>();
  const edges = new Map<string, { x: number; y: number }[]>();
  for (const di of plane ? list(plane, 'planeElement') : []) {
    const target = di.get('bpmnElement') as ModdleElement | undefined;
    if (!target?.id) continue;
    if (di.$type === 'bpmndi:BPMNShape') shapes.set(target.id, { element: target, bounds: di.get('bounds') as Box });
    if (di.$type === 'bpmndi:BPMNEdge') edges.set(target.id, list(di, 'waypoint') as unknown as { x: number; y: number }[]);
  }
  return { process, plane, shapes, edges };
}

const current = procedureFiles();
// The pre-reform versions stay shipped: the fixture province deploys them, and databases
// that ran them keep dossiers on them.
const files = [...current, ...procedureFiles(true)];

describe('procedures/', () => {
  it('ships the five procedures re-cut for two tiers and the commune procedures added with them, and keeps the pre-reform five', () => {
    const five = [
      'dang-ky-khai-sinh.bpmn',
      'dang-ky-ho-kinh-doanh.bpmn',
      'cap-gcn-quyen-su-dung-dat-lan-dau.bpmn',
      'cap-giay-phep-xay-dung-nha-o-rieng-le.bpmn',
      'cap-phieu-ly-lich-tu-phap.bpmn',
    ];
    expect(current).toEqual(expect.arrayContaining([...five, 'dang-ky-khai-tu.bpmn', 'dang-ky-ket-hon.bpmn', 'chung-thuc-ban-sao.bpmn']));
    expect(procedureFiles(true)).toEqual(five.map((f) => `truoc-2025/${f}`).sort());
  });

  it('never ships a placeholder code: a code is a national one, or absent and owned up to', async () => {
    for (const file of files) {
      const xml = procedureXml(file);
      expect(xml, file).not.toMatch(/TODO-/);
      const { model } = await loadProcedure(xml);
      if (model!.code === null) expect(model!.documentation, file).toContain('CHƯA XÁC MINH');
      else expect(model!.code, file).toMatch(/^\d\.\d{6}$/);
    }
  });

  it('lists every file and its code in procedures/README.md', async () => {
    const readme = readFileSync(new URL('README.md', PROCEDURES_DIR), 'utf8');
    for (const file of files) {
      const { model } = await loadProcedure(procedureXml(file));
      expect(readme, file).toContain(file);
      if (model!.code) expect(readme, file).toContain(`\`${model!.code}\``);
    }
  });
});

describe.each(files)('%s', (file) => {
  it('declares the mc: namespace and loads without errors or warnings', async () => {
    expect(procedureXml(file)).toContain(`xmlns:mc="${MOTCUA_NAMESPACE}"`);
    const loaded = await loadProcedure(procedureXml(file));
    expect(loaded.problems.filter((p) => !pendingAttributeWarning(p))).toEqual([]);
    expect(loaded.ok).toBe(true);
  });

  it('states its legal basis and time limit in the documentation, and has a level and a time limit', async () => {
    const { model } = await loadProcedure(procedureXml(file));
    expect(model!.documentation).toMatch(/CĂN CỨ PHÁP LÝ/);
    expect(model!.documentation).toContain(`mc:timeLimit="${model!.timeLimit}"`);
    // The national TTHC code, or none and a documentation that owns up to it (above).
    if (model!.code !== null) expect(model!.code).toMatch(/^\d\.\d{6}$/);
    expect(['commune', 'district', 'province']).toContain(model!.level);
    expect(model!.timeLimit).toMatch(/^P/);
  });

  it('has a shape of the standard size for every flow node and an edge for every flow', async () => {
    const { process, plane, shapes, edges } = await parse(file);
    expect(plane?.get('bpmnElement')).toBe(process);
    const elements = flowElements(process);
    const nodes = elements.filter((el) => el.$type !== 'bpmn:SequenceFlow');
    const flows = elements.filter((el) => el.$type === 'bpmn:SequenceFlow');
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      const shape = shapes.get(node.id!);
      expect(shape, `shape of ${node.id}`).toBeDefined();
      const [width, height] = SIZES[node.$type] ?? [NaN, NaN];
      expect([shape!.bounds.width, shape!.bounds.height], `size of ${node.id}`).toEqual([width, height]);
    }
    for (const flow of flows) {
      const waypoints = edges.get(flow.id!);
      expect(waypoints?.length, `edge of ${flow.id}`).toBeGreaterThanOrEqual(2);
      const source = shapes.get((flow.get('sourceRef') as ModdleElement).id!)!.bounds;
      const target = shapes.get((flow.get('targetRef') as ModdleElement).id!)!.bounds;
      expect(onBorder(waypoints![0], source), `${flow.id} starts on its source`).toBe(true);
      expect(onBorder(waypoints!.at(-1)!, target), `${flow.id} ends on its target`).toBe(true);
      waypoints!.slice(1).forEach((p, i) => {
        const q = waypoints![i];
        expect(p.x === q.x || p.y === q.y, `${flow.id} segment ${i} is horizontal or vertical`).toBe(true);
      });
    }
    // Nothing in the diagram that the process does not have.
    expect([...shapes.keys()].sort()).toEqual(nodes.map((n) => n.id!).sort());
    expect([...edges.keys()].sort()).toEqual(flows.map((f) => f.id!).sort());
  });

  it('lays shapes out without overlaps, boundary events on their host’s border, the start event leftmost', async () => {
    const { shapes } = await parse(file);
    const all = [...shapes.entries()];
    for (const [id, { element, bounds }] of all) {
      if (element.$type === 'bpmn:BoundaryEvent') {
        const host = shapes.get((element.get('attachedToRef') as ModdleElement).id!)!.bounds;
        const centre = { x: bounds.x + bounds.width / 2, y: bounds.y + bounds.height / 2 };
        expect(onBorder(centre, host), `${id} sits on its host's border`).toBe(true);
      }
    }
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const [a, sa] = all[i];
        const [b, sb] = all[j];
        const attached = (x: ModdleElement, hostId: string) =>
          x.$type === 'bpmn:BoundaryEvent' && (x.get('attachedToRef') as ModdleElement).id === hostId;
        if (attached(sa.element, b) || attached(sb.element, a)) continue;
        expect(overlap(sa.bounds, sb.bounds), `${a} overlaps ${b}`).toBe(false);
      }
    }
    const start = all.find(([, s]) => s.element.$type === 'bpmn:StartEvent')!;
    expect(Math.min(...all.map(([, s]) => s.bounds.x))).toBe(start[1].bounds.x);
    expect(all.every(([, s]) => s.bounds.x >= 0 && s.bounds.y >= 0)).toBe(true);
  });
});
