// Models from other tools often carry no diagram information (no BPMNShape for their
// elements): bpmn-js would show an empty canvas. They are laid out automatically first.
import { layoutProcess } from 'bpmn-auto-layout';

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

export async function layoutIfNeeded(xml: string): Promise<{ xml: string; laidOut: boolean }> {
  if (!lacksDiagram(xml)) return { xml, laidOut: false };
  return { xml: await layoutProcess(xml), laidOut: true };
}
