// The XML a new procedure starts from: the process with its MộtCửa identity (key, code,
// level, legal limit) and a start event, ready for steps from the palette.
export interface NewProcedure {
  key: string;
  name: string;
  code: string;
  level: string;
  timeLimit: string;
  startName: string;
  endName?: string;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** A process id (the procedure key): an XML NCName. */
export const PROCEDURE_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function newProcedureXml(p: NewProcedure): string {
  const attrs = [
    `id="${escape(p.key)}"`,
    `name="${escape(p.name)}"`,
    'isExecutable="true"',
    p.code ? `mc:code="${escape(p.code)}"` : '',
    p.level ? `mc:level="${escape(p.level)}"` : '',
    p.timeLimit ? `mc:timeLimit="${escape(p.timeLimit)}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:mc="https://schemas.motcua.org/bpmn/1.0" id="Definitions_${escape(p.key)}" targetNamespace="https://schemas.motcua.org/procedures" exporter="MộtCửa" exporterVersion="0.1.0">
  <bpmn:process ${attrs}>
    <bpmn:startEvent id="Start" name="${escape(p.startName)}" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${escape(p.key)}">
    <bpmndi:BPMNPlane id="Plane_${escape(p.key)}" bpmnElement="${escape(p.key)}">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start">
        <dc:Bounds x="152" y="202" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="130" y="245" width="80" height="27" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
