// bpmn-auto-layout walks a process through each flow node's <bpmn:incoming> and
// <bpmn:outgoing> children, never through the flows' sourceRef/targetRef. BPMN makes
// those children optional and many tools leave them out: laid out as written, such a
// file opens as a column of shapes with no flow drawn. A flow's own ends are what BPMN
// (and bpmn-js) go by, so each flow node's lists are rebuilt from them before layout.
import type { ModdleElement } from 'bpmn-moddle';
import { bpmnModdle } from '../../../engine/index.js';

const many = (element: ModdleElement, name: string): ModdleElement[] => (element.get(name) as ModdleElement[] | undefined) ?? [];
const hasProperty = (element: ModdleElement, name: string): boolean => element.$descriptor.properties.some((p) => p.name === name);

/** Every process and sub-process under the definitions, outermost first. */
export function flowContainers(definitions: ModdleElement): ModdleElement[] {
  const found: ModdleElement[] = [];
  const visit = (container: ModdleElement) => {
    found.push(container);
    for (const element of many(container, 'flowElements')) if (hasProperty(element, 'flowElements')) visit(element);
  };
  for (const root of many(definitions, 'rootElements')) if (hasProperty(root, 'flowElements')) visit(root);
  return found;
}

/**
 * Makes every flow node's `incoming`/`outgoing` list name exactly the sequence flows whose
 * `targetRef`/`sourceRef` is that node: entries already there stay in their order, missing
 * ones are added in document order, ones that point elsewhere are dropped. Changes the
 * given moddle tree; returns how many references it added or dropped.
 */
export function linkFlowNodesIn(definitions: ModdleElement): number {
  const containers = flowContainers(definitions);
  const elements = containers.flatMap((c) => many(c, 'flowElements'));
  const wanted = new Map<ModdleElement, { incoming: ModdleElement[]; outgoing: ModdleElement[] }>();
  const listsOf = (node: ModdleElement) => {
    let lists = wanted.get(node);
    if (!lists) wanted.set(node, (lists = { incoming: [], outgoing: [] }));
    return lists;
  };
  for (const flow of elements) {
    if (flow.$type !== 'bpmn:SequenceFlow') continue;
    const source = flow.sourceRef as ModdleElement | undefined;
    const target = flow.targetRef as ModdleElement | undefined;
    if (source && hasProperty(source, 'outgoing')) listsOf(source).outgoing.push(flow);
    if (target && hasProperty(target, 'incoming')) listsOf(target).incoming.push(flow);
  }
  let changes = 0;
  for (const node of elements) {
    if (node.$type === 'bpmn:SequenceFlow' || !hasProperty(node, 'incoming')) continue;
    const lists = wanted.get(node) ?? { incoming: [], outgoing: [] };
    for (const side of ['incoming', 'outgoing'] as const) {
      const current = many(node, side);
      const should = lists[side];
      const kept = current.filter((flow, i) => should.includes(flow) && current.indexOf(flow) === i);
      const next = [...kept, ...should.filter((flow) => !kept.includes(flow))];
      const added = next.length - kept.length;
      const dropped = current.length - kept.length;
      if (added === 0 && dropped === 0) continue;
      changes += added + dropped;
      node.set(side, next);
    }
  }
  return changes;
}

/**
 * The file with every flow node's `<bpmn:incoming>`/`<bpmn:outgoing>` filled in from the
 * sequence flows' `sourceRef`/`targetRef`; the same text when nothing was missing.
 */
export async function linkFlowNodes(xml: string): Promise<string> {
  const { rootElement } = await bpmnModdle.fromXML(xml);
  if (linkFlowNodesIn(rootElement) === 0) return xml;
  return (await bpmnModdle.toXML(rootElement, { format: true })).xml;
}
