// ProcedureModel is a one-way reading of the diagram: the XML (with its layout, lanes
// and `mc:` attributes) is kept as the moddle tree and written back from that tree, so
// nothing the admin drew is lost on the way through MộtCửa.

import type { ModdleElement } from 'bpmn-moddle';
import { DomainError } from '../errors.js';
import { bpmnModdle, importBpmn } from './import.js';

function isDefinitions(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && (value as { $type?: unknown }).$type === 'bpmn:Definitions';
}

/** The moddle root from `importBpmn` → formatted BPMN 2.0 XML. */
export async function exportBpmn(definitions: unknown): Promise<string> {
  if (!isDefinitions(definitions)) {
    throw new DomainError('INVALID_MODEL.nothingToExport');
  }
  const { xml } = await bpmnModdle.toXML(definitions, { format: true });
  return xml;
}

/** XML → moddle → XML: normalises a file while keeping every `mc:` attribute. */
export async function roundTrip(xml: string): Promise<string> {
  const { definitions, problems } = await importBpmn(xml);
  if (!isDefinitions(definitions)) {
    throw new DomainError('INVALID_MODEL.unreadable', {}, problems);
  }
  return exportBpmn(definitions);
}
