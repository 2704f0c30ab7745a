// What changed between two versions of a procedure, element by element (by BPMN id):
// steps and flows added, removed, or changed in what the engine runs (type, name, role,
// agency, allotment, outcome, condition, timer). Layout moves are not changes.
import { formatAgencySelector, type Container, type FlowNode, type ProcedureModel, type SequenceFlow } from '../../../engine/index.js';
import { flowLabel } from './humanValues.js';

export interface ElementChange {
  id: string;
  name: string;
  fields: { field: string; before: string; after: string }[];
}

export interface VersionDiff {
  added: { id: string; name: string }[];
  removed: { id: string; name: string }[];
  changed: ElementChange[];
  process: { field: string; before: string; after: string }[];
  /** Every element's name in either version (a flow: "step → step"), for the values that name elements. */
  names: Record<string, string>;
}

type Flat = Map<string, Record<string, string>>;

function describeNode(node: FlowNode): Record<string, string> {
  const fields: Record<string, string> = { type: node.type, name: node.name };
  if (node.type === 'userTask') {
    fields.role = node.role;
    fields.agency = formatAgencySelector(node.agency) ?? '@receiving';
    fields.duration = node.duration ?? '';
  }
  if (node.type === 'subProcess') fields.duration = node.duration ?? '';
  if (node.type === 'serviceTask') fields.action = node.action;
  if (node.type === 'timerEvent') fields.timer = `${node.timer.kind}:${node.timer.value}`;
  if (node.type === 'boundaryEvent') {
    fields.attachedTo = node.attachedTo;
    fields.trigger = node.trigger.kind === 'timer' ? `timer:${node.trigger.timer.value}` : `escalation:${node.trigger.code ?? ''}`;
    fields.interrupting = String(node.interrupting);
  }
  return fields;
}

function describeFlow(flow: SequenceFlow): Record<string, string> {
  return { type: 'sequenceFlow', name: flow.name, source: flow.source, target: flow.target, outcome: flow.outcome ?? '', condition: flow.condition ?? '' };
}

function flatten(container: Container, into: Flat = new Map()): Flat {
  for (const node of Object.values(container.nodes)) {
    into.set(node.id, describeNode(node));
    if (node.type === 'subProcess') flatten(node.container, into);
  }
  for (const flow of Object.values(container.flows)) into.set(flow.id, describeFlow(flow));
  return into;
}

export function diffVersions(before: ProcedureModel, after: ProcedureModel): VersionDiff {
  const a = flatten(before.root);
  const b = flatten(after.root);
  const nodeName = (id: string) => b.get(id)?.name || a.get(id)?.name || id;
  // A flow is named by its ends when it has no name: never its BPMN id.
  const label = (fields: Record<string, string>, id: string) =>
    fields.name || (fields.type === 'sequenceFlow' ? flowLabel(nodeName(fields.source), nodeName(fields.target)) : id);
  const names: Record<string, string> = {};
  for (const [id, fields] of [...a, ...b]) names[id] = label(fields, id);
  const diff: VersionDiff = { added: [], removed: [], changed: [], process: [], names };
  for (const [id, fields] of b) if (!a.has(id)) diff.added.push({ id, name: label(fields, id) });
  for (const [id, fields] of a) if (!b.has(id)) diff.removed.push({ id, name: label(fields, id) });
  for (const [id, next] of b) {
    const prev = a.get(id);
    if (!prev) continue;
    const fields = [...new Set([...Object.keys(prev), ...Object.keys(next)])]
      .filter((f) => (prev[f] ?? '') !== (next[f] ?? ''))
      .map((field) => ({ field, before: prev[field] ?? '', after: next[field] ?? '' }));
    if (fields.length > 0) diff.changed.push({ id, name: label(next, id), fields });
  }
  const processFields: (keyof ProcedureModel)[] = ['name', 'code', 'level', 'timeLimit', 'dayCount', 'cutoff'];
  for (const field of processFields) {
    const x = String(before[field] ?? '');
    const y = String(after[field] ?? '');
    if (x !== y) diff.process.push({ field, before: x, after: y });
  }
  return diff;
}
