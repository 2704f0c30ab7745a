// <mc:field>: the procedure-specific fields of a procedure (a birth registration's child),
// read from the process's extension elements, judged by the validator, kept through a
// round trip, and checked on receipt (`data.fields`, INVALID_DATA naming each field).
import { describe, expect, it } from 'vitest';
import { compileProcedure, fieldValueText, filledFields, importBpmn, loadProcedure, roundTrip, validateModel, type DossierField } from '../../../engine/index.js';
import { DomainError } from '../../../engine/errors.js';
import { dataFieldProblems } from '../../../engine/dossier/data.js';
import { receiveDossier } from '../../../engine/dossier/lifecycle.js';
import { COMMUNE, engineContext, staff, vn } from '../dossier/support.js';

const model = (extensions: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:mc="https://schemas.motcua.org/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="khai_sinh" name="Đăng ký khai sinh" isExecutable="true" mc:timeLimit="P1D" mc:level="commune">
    <bpmn:extensionElements>${extensions}</bpmn:extensionElements>
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="t" name="Thẩm định" mc:role="specialist" mc:duration="P1D"/>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>`;

const CHILD = `
  <mc:component key="to-khai" name="Tờ khai đăng ký khai sinh"/>
  <mc:field key="ho_ten_tre" name="Họ, chữ đệm, tên của trẻ" type="text" required="true"/>
  <mc:field key="ngay_sinh" name="Ngày, tháng, năm sinh" type="date" required="true"/>
  <mc:field key="gioi_tinh" name="Giới tính" type="select" required="true" options="Nam | Nữ"/>
  <mc:field key="can_nang" name="Cân nặng (gam)" type="number"/>
  <mc:field key="noi_sinh" name="Nơi sinh"/>`;

const FIELDS: DossierField[] = [
  { key: 'ho_ten_tre', name: 'Họ, chữ đệm, tên của trẻ', type: 'text', required: true, options: [] },
  { key: 'ngay_sinh', name: 'Ngày, tháng, năm sinh', type: 'date', required: true, options: [] },
  { key: 'gioi_tinh', name: 'Giới tính', type: 'select', required: true, options: ['Nam', 'Nữ'] },
  { key: 'can_nang', name: 'Cân nặng (gam)', type: 'number', required: false, options: [] },
  { key: 'noi_sinh', name: 'Nơi sinh', type: 'text', required: false, options: [] },
];

describe('procedure fields (<mc:field>)', () => {
  it('reads each field beside the components, type text and optional unless the model says otherwise', async () => {
    const loaded = await loadProcedure(model(CHILD));
    expect(loaded.ok).toBe(true);
    expect(loaded.problems.filter((p) => /FIELD|IGNORED/.test(p.code))).toEqual([]);
    expect(loaded.model!.fields).toEqual(FIELDS);
    expect(loaded.model!.components!.map((c) => c.key)).toEqual(['to-khai']);
  });

  it('reads a model without fields as having none', async () => {
    const { model: m } = await importBpmn(model('<mc:component key="a" name="A"/>'));
    expect(m!.fields).toEqual([]);
  });

  it('refuses a bad or repeated key, no name, an unknown type and a select without options; warns of options on a text', async () => {
    const xml = model(
      `<mc:field key="a" name="A"/><mc:field key="a" name="B"/><mc:field key="" name="C"/><mc:field key="d"/>` +
        `<mc:field key="e" name="E" type="checkbox"/><mc:field key="f" name="F" type="select"/><mc:field key="g" name="G" options="x|y"/>`,
    );
    expect((await loadProcedure(xml)).ok).toBe(false);
    const { model: m } = await importBpmn(xml);
    const problems = validateModel(m!).filter((p) => p.elementId === 'khai_sinh');
    expect(problems.filter((p) => p.severity === 'error').map((p) => p.code).sort()).toEqual([
      'DUPLICATE_FIELD',
      'INVALID_FIELD',
      'INVALID_FIELD',
      'INVALID_FIELD',
      'INVALID_FIELD',
    ]);
    expect(problems.filter((p) => p.severity === 'warning').map((p) => p.code)).toEqual(['IGNORED_ATTRIBUTE']);
    expect(problems.find((p) => p.code === 'DUPLICATE_FIELD')).toMatchObject({ message: 'Hai trường thông tin cùng khoá "a".' });
  });

  it('keeps the fields through an export', async () => {
    const xml = await roundTrip(model(CHILD));
    expect(xml).toContain('<mc:field key="gioi_tinh" name="Giới tính" type="select" required="true" options="Nam | Nữ" />');
  });
});

describe('procedure fields on receipt (data.fields)', () => {
  const child = { ho_ten_tre: 'Nguyễn Thị Mai Anh', ngay_sinh: '2026-11-02', gioi_tinh: 'Nữ' };

  it('takes the required fields with values of their types, optional ones left out', () => {
    expect(dataFieldProblems(FIELDS, { fields: child })).toEqual([]);
    expect(dataFieldProblems(FIELDS, { fields: { ...child, can_nang: 3200, noi_sinh: '  ' } })).toEqual([]);
  });

  it('names every wrong field: missing, no real date, not a number, not an option, unknown', () => {
    const problems = dataFieldProblems(FIELDS, { fields: { ho_ten_tre: ' ', ngay_sinh: '2026-02-30', gioi_tinh: 'nữ', can_nang: '3200', me: 'x' } });
    expect(problems.map((p) => [p.field, p.messageKey])).toEqual([
      ['body.data.fields.ho_ten_tre', 'INVALID_DATA.fieldRequired'],
      ['body.data.fields.ngay_sinh', 'INVALID_DATA.fieldDate'],
      ['body.data.fields.gioi_tinh', 'INVALID_DATA.fieldOption'],
      ['body.data.fields.can_nang', 'INVALID_DATA.fieldNumber'],
      ['body.data.fields.me', 'INVALID_DATA.fieldUnknown'],
    ]);
    expect(problems[0]).toMatchObject({ message: 'Chưa nhập "Họ, chữ đệm, tên của trẻ"', messageEn: '"Họ, chữ đệm, tên của trẻ" is required' });
    expect(problems[2].message).toBe('"Giới tính" phải là một trong: Nam, Nữ');
    expect(dataFieldProblems(FIELDS, { fields: ['x'] }).map((p) => p.messageKey)).toEqual(['INVALID_DATA.fields']);
  });

  it('leaves a model without fields as it was, whatever data.fields holds', () => {
    expect(dataFieldProblems(undefined, { fields: 'anything' })).toEqual([]);
    expect(dataFieldProblems([], undefined)).toEqual([]);
  });

  it('refuses the receipt of a birth registration without the date of birth, and receives it with it', async () => {
    const { model: m } = await loadProcedure(model(CHILD));
    const procedure = compileProcedure(m!, 1);
    const ctx = engineContext();
    const input = (fields: Record<string, unknown>) => ({ id: 'd1', code: 'C-1', receivingAgency: COMMUNE, actor: staff.reception, data: { fields } });
    const { ngay_sinh: _left, ...withoutDate } = child;
    let error: unknown = null;
    try {
      receiveDossier(ctx, procedure, input(withoutDate), vn('2026-11-12 08:00'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'INVALID_DATA', messageKey: 'INVALID_DATA.fieldsWrong', message: 'Thông tin riêng của thủ tục chưa đúng: Ngày, tháng, năm sinh' });
    expect((error as DomainError).details).toEqual([expect.objectContaining({ field: 'body.data.fields.ngay_sinh' })]);
    const received = receiveDossier(ctx, procedure, input(child), vn('2026-11-12 08:00'));
    expect(received.state.data.fields).toEqual(child);
  });

  it('shows the filled fields in model order, a date as dd/mm/yyyy', () => {
    expect(filledFields(FIELDS, { fields: { ...child, can_nang: 3200 } }).map((f) => `${f.field.name}: ${f.text}`)).toEqual([
      'Họ, chữ đệm, tên của trẻ: Nguyễn Thị Mai Anh',
      'Ngày, tháng, năm sinh: 02/11/2026',
      'Giới tính: Nữ',
      'Cân nặng (gam): 3200',
    ]);
    expect(fieldValueText(FIELDS[1], '')).toBe('');
  });
});
