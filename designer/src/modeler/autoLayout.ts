// Models from other tools often carry no diagram information (no BPMNShape for their
// elements): bpmn-js would show an empty canvas. They are laid out automatically first,
// and what the layout could not place is named, never dropped silently.
import type { ModdleElement } from 'bpmn-moddle';
import { layoutProcess } from 'bpmn-auto-layout';
import { bpmnModdle } from '../../../engine/index.js';
import { flowContainers, linkFlowNodes } from './linkFlowNodes.js';

/** True when some flow node of the file has no shape in the diagram. */
export function lacksDiagram(xml: string): boolean {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return false;
  const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
  const DI = 'http://www.omg.org/spec/BPMN/20100524/DI';
  const shapes = new Set<string>();
  for (const tag of ['BPMNShape', 'BPMNEdge']) {
    for (const el of Array.from(doc.getElementsByTagNameNS(DI, tag))) shapes.add(el.getAttribute('bpmnElement') ?? '');
  }
  const processes = Array.from(doc.getElementsByTagNameNS(BPMN, 'process'));
  for (const process of processes) {
    for (const child of Array.from(process.children)) {
      if (child.namespaceURI !== BPMN) continue;
      if (['laneSet', 'documentation', 'extensionElements', 'ioSpecification', 'property'].includes(child.localName)) continue;
      const id = child.getAttribute('id');
      if (id && !shapes.has(id)) return true;
    }
  }
  return false;
}

/** A flow node without a shape, or a sequence flow without an edge, after layout. */
export interface DiagramGap {
  id: string;
  name: string | null;
  /** `bpmn:UserTask`, `bpmn:SequenceFlow`, … */
  type: string;
  missing: 'shape' | 'edge';
}

/**
 * Every flow node of every process and sub-process that has no BPMNShape, and every
 * sequence flow that has no BPMNEdge, in document order: what bpmn-js will not draw.
 */
export async function diagramGaps(xml: string): Promise<DiagramGap[]> {
  const { rootElement: definitions } = await bpmnModdle.fromXML(xml);
  const drawn = new Set<unknown>();
  for (const diagram of (definitions.get('diagrams') as ModdleElement[] | undefined) ?? []) {
    const plane = diagram.plane as ModdleElement | undefined;
    for (const di of (plane?.get('planeElement') as ModdleElement[] | undefined) ?? []) if (di.bpmnElement) drawn.add(di.bpmnElement);
  }
  const gaps: DiagramGap[] = [];
  for (const container of flowContainers(definitions)) {
    for (const element of (container.get('flowElements') as ModdleElement[] | undefined) ?? []) {
      const isFlow = element.$type === 'bpmn:SequenceFlow';
      // Flow nodes and sequence flows; data objects have no shape of their own.
      const isNode = !isFlow && element.$descriptor.properties.some((p) => p.name === 'incoming');
      if ((!isFlow && !isNode) || drawn.has(element)) continue;
      gaps.push({ id: element.id ?? '', name: typeof element.name === 'string' && element.name.trim() ? element.name : null, type: element.$type, missing: isFlow ? 'edge' : 'shape' });
    }
  }
  return gaps;
}

/**
 * Lays the first process out from scratch: the flow nodes' incoming/outgoing lists are
 * filled in from the flows first (the layouter follows only those), then the result is
 * checked for elements left without a shape or an edge.
 */
export async function layOut(xml: string): Promise<{ xml: string; gaps: DiagramGap[] }> {
  const laidOut = await layoutProcess(await linkFlowNodes(xml));
  return { xml: laidOut, gaps: await diagramGaps(laidOut) };
}

export async function layoutIfNeeded(xml: string): Promise<{ xml: string; laidOut: boolean; gaps: DiagramGap[] }> {
  if (!lacksDiagram(xml)) return { xml, laidOut: false, gaps: [] };
  return { ...(await layOut(xml)), laidOut: true };
}
