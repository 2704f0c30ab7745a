// <mc:component>: the dossier components of a procedure, read from the process's
// extension elements, judged by the validator, kept through a round trip.
import { describe, expect, it } from 'vitest';
import { importBpmn, loadProcedure, missingRequiredComponents, roundTrip, validateModel } from '../../../engine/index.js';

const model = (components: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:mc="https://schemas.motcua.org/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="khai_sinh" name="Đăng ký khai sinh" isExecutable="true" mc:timeLimit="P1D" mc:level="commune">
    <bpmn:extensionElements>${components}</bpmn:extensionElements>
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="t" name="Thẩm định" mc:role="specialist" mc:duration="P1D"/>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>`;

const TWO = `
  <mc:component key="to-khai" name="Tờ khai đăng ký khai sinh" kind="original" copies="1" required="true"/>
  <mc:component key="giay-chung-sinh" name="Giấy chứng sinh" kind="certified-copy" copies="2"/>
  <mc:component key="uy-quyen" name="Văn bản ủy quyền (nếu có)" kind="copy" required="false"/>`;

describe('dossier components (<mc:component>)', () => {
  it('reads each component of the birth registration with its kind, copies and whether it is required', async () => {
    const loaded = await loadProcedure(model(TWO));
    expect(loaded.ok).toBe(true);
    expect(loaded.model!.components).toEqual([
      { key: 'to-khai', name: 'Tờ khai đăng ký khai sinh', kind: 'original', copies: 1, required: true },
      { key: 'giay-chung-sinh', name: 'Giấy chứng sinh', kind: 'certified-copy', copies: 2, required: true },
      { key: 'uy-quyen', name: 'Văn bản ủy quyền (nếu có)', kind: 'copy', copies: 1, required: false },
    ]);
  });

  it('names the required components the desk did not tick, the optional power of attorney never', async () => {
    const { model: m } = await loadProcedure(model(TWO));
    expect(missingRequiredComponents(m!.components, ['to-khai']).map((c) => c.key)).toEqual(['giay-chung-sinh']);
    expect(missingRequiredComponents(m!.components, ['to-khai', 'giay-chung-sinh'])).toEqual([]);
  });

  it('refuses a duplicate key, an unknown kind and copies that are not a whole number', async () => {
    const xml = model(`<mc:component key="a" name="A"/><mc:component key="a" name="B"/><mc:component key="c" name="C" kind="scan" copies="1.5"/><mc:component key="" name="D"/>`);
    expect((await loadProcedure(xml)).ok).toBe(false);
    const { model: m } = await importBpmn(xml);
    expect(validateModel(m!).filter((p) => p.elementId === 'khai_sinh').map((p) => p.code).sort()).toEqual([
      'DUPLICATE_COMPONENT',
      'INVALID_COMPONENT',
      'INVALID_COMPONENT',
      'INVALID_COMPONENT',
    ]);
  });

  it('keeps the components through an export', async () => {
    const xml = await roundTrip(model(TWO));
    expect(xml).toContain('<mc:component key="giay-chung-sinh" name="Giấy chứng sinh" kind="certified-copy" copies="2" />');
  });
});
