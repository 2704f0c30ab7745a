// The `mc:` attributes (CONTRACT.md §2) in the bpmn-js properties panel: process code,
// level and legal time limit; each step's role, agency and allotment with the budget
// left, and whether completing it hands the result over (mc:returns, or implicitly by
// the engine's rule); outcome keys, button labels and conditions on flows; built-in actions of
// service tasks. Written with preact's `h` because the panel is a preact app inside
// the React page; the page hands in roles, agencies, translations and the latest time
// budget through `config.motcua` and asks for a re-render when they change.
import { h } from '@bpmn-io/properties-panel/preact';
import { CheckboxEntry, Group, SelectEntry, TextAreaEntry, TextFieldEntry, isCheckboxEntryEdited, isSelectEntryEdited, isTextAreaEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { formatComponentLines, parseComponentLines } from './componentLines.js';
import { formatFieldLines, parseFieldLines } from './fieldLines.js';
import { SERVICE_ACTIONS, checkExpression, isReturnStep, isValidAgencySelector, type Container, type DayCount, type ProcedureModel, type UserTask } from '../../../engine/index.js';
import type { MessageKey } from '../i18n/index.js';
import type { TimeBudget } from './timeBudget.js';
import { keyFromName } from './humanValues.js';

export interface McPanelConfig {
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** Roles a step may be given (built-in and admin-defined). */
  roles(): { value: string; label: string }[];
  /** Agency selectors: @receiving, @parent, kind:<kind> and exact codes, with labels. */
  agencies(): { value: string; label: string }[];
  /** The time budget of the last validation run; null before the first or when the model does not load. */
  budget(): TimeBudget | null;
  /** The model of the last validation run; null before the first or when the model does not load. */
  model(): ProcedureModel | null;
  /** Minutes of the procedure's day count as "2 ngày 3 giờ". */
  formatTime(minutes: number, dayMinutes: number): string;
  /** The message in the chosen language, from the engine's Vietnamese and English pair. */
  pick(vi: string, en: string): string;
}

interface BusinessObject {
  $type: string;
  id: string;
  name?: string;
  processRef?: BusinessObject;
  conditionExpression?: { body?: string };
  sourceRef?: BusinessObject;
  get(name: string): unknown;
}

interface Shape {
  id: string;
  type: string;
  businessObject: BusinessObject;
}

interface Modeling {
  updateProperties(element: Shape, properties: Record<string, unknown>): void;
  updateModdleProperties(element: Shape, moddleElement: BusinessObject, properties: Record<string, unknown>): void;
}

interface Injector {
  get<T = unknown>(name: string): T;
}

const USER_TASKS = ['bpmn:UserTask', 'bpmn:Task', 'bpmn:ManualTask'];
const SERVICE_TASKS = ['bpmn:ServiceTask', 'bpmn:ScriptTask', 'bpmn:SendTask'];
const OUTCOME_KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

// How an officer types a duration (days, hours or minutes) lives with how it is shown.
export { splitDuration, type Unit } from './humanValues.js';
import { splitDuration, type Unit } from './humanValues.js';

export function joinDuration(amount: string, unit: Unit): string | undefined {
  const trimmed = amount.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  return unit === 'D' ? `P${trimmed}D` : unit === 'H' ? `PT${trimmed}H` : `PT${trimmed}M`;
}

class McPropertiesProvider {
  static $inject = ['propertiesPanel', 'injector', 'config.motcua'];

  private readonly modeling: Modeling;
  private readonly bpmnFactory: { create(type: string, attrs: Record<string, unknown>): unknown };
  private readonly debounce: unknown;
  /** The unit picked for a duration not typed yet (per element and attribute). */
  private readonly units = new Map<string, Unit>();

  constructor(
    propertiesPanel: { registerProvider(priority: number, provider: unknown): void },
    injector: Injector,
    private readonly config: McPanelConfig,
  ) {
    this.modeling = injector.get<Modeling>('modeling');
    this.bpmnFactory = injector.get('bpmnFactory');
    this.debounce = injector.get('debounceInput');
    // Above the default provider (1000) so the MộtCửa group comes first.
    propertiesPanel.registerProvider(1500, this);
  }

  getGroups(element: Shape) {
    return (groups: { id: string }[]) => {
      const entries = this.entriesFor(element);
      if (entries.length === 0) return groups;
      const titleKey: MessageKey =
        element.type === 'bpmn:Process' || element.type === 'bpmn:Participant'
          ? 'panel.group.procedure'
          : element.type === 'bpmn:SequenceFlow'
            ? 'panel.group.flow'
            : 'panel.group.step';
      const group = { id: 'motcua', label: this.config.t(titleKey), entries, component: Group };
      return [group, ...groups];
    };
  }

  private entriesFor(element: Shape): Record<string, unknown>[] {
    const bo = element.businessObject;
    if (element.type === 'bpmn:Process' || (element.type === 'bpmn:Participant' && bo.processRef)) {
      const target = element.type === 'bpmn:Participant' ? bo.processRef! : bo;
      return this.processEntries(element, target);
    }
    if (USER_TASKS.includes(element.type)) return this.stepEntries(element, true);
    if (element.type === 'bpmn:SubProcess') return this.stepEntries(element, false);
    if (SERVICE_TASKS.includes(element.type)) return this.serviceEntries(element);
    if (element.type === 'bpmn:SequenceFlow') return this.flowEntries(element);
    return [];
  }

  // ---- helpers -------------------------------------------------------------------

  private read(bo: BusinessObject, attribute: string): string {
    const value = bo.get(`mc:${attribute}`);
    return typeof value === 'string' ? value : '';
  }

  private write(element: Shape, target: BusinessObject, attribute: string, value: string | undefined): void {
    const properties = { [`mc:${attribute}`]: value === '' ? undefined : value };
    if (target === element.businessObject) this.modeling.updateProperties(element, properties);
    else this.modeling.updateModdleProperties(element, target, properties);
  }

  private text(element: Shape, target: BusinessObject, attribute: string, label: MessageKey, extra: Record<string, unknown> = {}) {
    return {
      id: `mc-${attribute}`,
      component: TextComponent,
      isEdited: isTextFieldEntryEdited,
      label: this.config.t(label),
      getValue: () => this.read(target, attribute),
      setValue: (value: string | undefined) => this.write(element, target, attribute, value?.trim()),
      debounce: this.debounce,
      ...extra,
    };
  }

  private select(element: Shape, target: BusinessObject, attribute: string, label: MessageKey, options: () => { value: string; label: string }[], extra: Record<string, unknown> = {}) {
    return {
      id: `mc-${attribute}`,
      component: SelectComponent,
      isEdited: isSelectEntryEdited,
      label: this.config.t(label),
      getValue: () => this.read(target, attribute),
      setValue: (value: string) => this.write(element, target, attribute, value || undefined),
      getOptions: () => {
        const list = options();
        const current = this.read(target, attribute);
        // A value typed in another tool stays visible (and the validator judges it).
        if (current && !list.some((o) => o.value === current)) list.push({ value: current, label: current });
        return list;
      },
      ...extra,
    };
  }

  private durationEntries(element: Shape, target: BusinessObject, attribute: 'duration' | 'timeLimit', dayCount: () => DayCount, description?: () => string) {
    const { t } = this.config;
    const unitKey = `${element.id}|${attribute}`;
    // '' = a duration written another way (P1DT4H): kept as typed, shown in full.
    const unitOf = (): Unit | '' => {
      const raw = this.read(target, attribute);
      return splitDuration(raw)?.unit ?? (raw ? '' : (this.units.get(unitKey) ?? 'D'));
    };
    return [
      {
        id: `mc-${attribute}-amount`,
        component: TextComponent,
        isEdited: isTextFieldEntryEdited,
        label: t(attribute === 'timeLimit' ? 'panel.timeLimit' : 'panel.duration'),
        getValue: () => {
          const raw = this.read(target, attribute);
          const split = splitDuration(raw);
          return split ? split.amount : raw;
        },
        setValue: (value: string | undefined) => {
          const text = (value ?? '').trim();
          // Anything else typed (an ISO duration like P1DT2H) is stored as written.
          const iso = /^\d+(?:[.,]\d+)?$/.test(text) ? joinDuration(text, unitOf() || this.units.get(unitKey) || 'D') : text || undefined;
          this.write(element, target, attribute, iso);
        },
        validate: (value: string | undefined) => {
          const text = (value ?? '').trim();
          if (text === '' || /^\d+(?:[.,]\d+)?$/.test(text) || /^P/.test(text)) return null;
          return t('panel.durationInvalid');
        },
        description: description ? description() : undefined,
        debounce: this.debounce,
      },
      {
        id: `mc-${attribute}-unit`,
        component: SelectComponent,
        isEdited: () => false,
        label: t('panel.unit'),
        getValue: unitOf,
        setValue: (unit: Unit | '') => {
          if (unit === '') return;
          this.units.set(unitKey, unit);
          const split = splitDuration(this.read(target, attribute));
          if (split) this.write(element, target, attribute, joinDuration(split.amount, unit));
          else this.modeling.updateProperties(element, {}); // re-render with the new unit
        },
        getOptions: () => [
          { value: 'D', label: dayCount() === 'calendar' ? t('panel.unit.calendarDays') : t('panel.unit.days') },
          { value: 'H', label: dayCount() === 'calendar' ? t('panel.unit.calendarHours') : t('panel.unit.hours') },
          { value: 'M', label: dayCount() === 'calendar' ? t('panel.unit.calendarMinutes') : t('panel.unit.minutes') },
          ...(unitOf() === '' ? [{ value: '', label: t('panel.unit.iso') }] : []),
        ],
      },
    ];
  }

  private dayCountOf(): DayCount {
    return this.config.budget()?.dayCount ?? 'working';
  }

  // ---- groups by element type ----------------------------------------------------

  private processEntries(element: Shape, process: BusinessObject) {
    const { t } = this.config;
    return [
      this.text(element, process, 'code', 'panel.code', { description: t('panel.codeHint') }),
      this.select(element, process, 'level', 'panel.level', () => [
        { value: '', label: t('panel.none') },
        { value: 'commune', label: t('level.commune') },
        { value: 'district', label: t('level.district') },
        { value: 'province', label: t('level.province') },
      ]),
      ...this.durationEntries(element, process, 'timeLimit', () => (this.read(process, 'dayCount') === 'calendar' ? 'calendar' : 'working'), () => this.budgetLine(null)),
      {
        ...this.select(element, process, 'dayCount', 'panel.dayCount', () => [
          { value: 'working', label: t('panel.dayCount.working') },
          { value: 'calendar', label: t('panel.dayCount.calendar') },
        ]),
        // Working days unless the procedure says otherwise: no attribute reads as `working`.
        getValue: () => this.read(process, 'dayCount') || 'working',
      },
      this.text(element, process, 'cutoff', 'panel.cutoff', {
        description: t('panel.cutoffHint'),
        validate: (value: string | undefined) => (!value || /^([01]\d|2[0-3]):[0-5]\d$/.test(value.trim()) ? null : t('panel.cutoffInvalid')),
      }),
      this.componentsEntry(element, process),
      this.fieldsEntry(element, process),
    ];
  }

  /** `<mc:component>` in the process's extension elements, one line each (componentLines.ts); other extensions kept. */
  private componentsEntry(element: Shape, process: BusinessObject) {
    const { t } = this.config;
    const extensions = () => process.get('extensionElements') as BusinessObject | undefined;
    const current = () => ((extensions()?.get('values') as BusinessObject[] | undefined) ?? []).filter((v) => v.$type === 'mc:Component');
    return {
      id: 'mc-components',
      component: TextAreaComponent,
      isEdited: isTextAreaEntryEdited,
      label: t('panel.components'),
      description: t('panel.componentsHint'),
      rows: 4,
      getValue: () =>
        formatComponentLines(
          current().map((c) => ({ key: String(c.get('key') ?? ''), name: String(c.get('name') ?? ''), kind: String(c.get('kind') ?? 'original'), copies: String(c.get('copies') ?? '1'), required: String(c.get('required') ?? 'true') !== 'false' })),
          t('panel.componentRequired'),
          t('panel.componentOptional'),
        ),
      setValue: (value: string | undefined) => {
        const others = ((extensions()?.get('values') as BusinessObject[] | undefined) ?? []).filter((v) => v.$type !== 'mc:Component');
        const components = parseComponentLines(value ?? '').map((c) =>
          this.bpmnFactory.create('mc:Component', { key: c.key, name: c.name, kind: c.kind, copies: c.copies, required: c.required ? 'true' : 'false' }),
        );
        const values = [...others, ...components];
        const extensionElements = values.length > 0 ? this.bpmnFactory.create('bpmn:ExtensionElements', { values }) : undefined;
        if (process === element.businessObject) this.modeling.updateProperties(element, { extensionElements });
        else this.modeling.updateModdleProperties(element, process, { extensionElements });
      },
      debounce: this.debounce,
    };
  }

  /** `<mc:field>` in the process's extension elements, one line each (fieldLines.ts: keys from names); other extensions kept. */
  private fieldsEntry(element: Shape, process: BusinessObject) {
    const { t } = this.config;
    const extensions = () => process.get('extensionElements') as BusinessObject | undefined;
    const all = () => (extensions()?.get('values') as BusinessObject[] | undefined) ?? [];
    const text = (field: BusinessObject, attribute: string) => String(field.get(attribute) ?? '');
    return {
      id: 'mc-fields',
      component: TextAreaComponent,
      isEdited: isTextAreaEntryEdited,
      label: t('panel.fields'),
      description: t('panel.fieldsHint'),
      rows: 4,
      getValue: () =>
        formatFieldLines(
          all()
            .filter((v) => v.$type === 'mc:Field')
            .map((f) => ({
              // A key derived from the name is not shown: it follows the name as the officer edits it.
              key: text(f, 'key') === keyFromName(text(f, 'name')) ? '' : text(f, 'key'),
              name: text(f, 'name'),
              type: text(f, 'type') || 'text',
              required: text(f, 'required') === 'true',
              options: text(f, 'options').split('|').map((o) => o.trim()).filter((o) => o !== ''),
            })),
          t('panel.componentRequired'),
          t('panel.componentOptional'),
        ),
      setValue: (value: string | undefined) => {
        const others = all().filter((v) => v.$type !== 'mc:Field');
        const fields = parseFieldLines(value ?? '').map((f) =>
          this.bpmnFactory.create('mc:Field', {
            key: f.key,
            name: f.name,
            type: f.type,
            required: f.required ? 'true' : 'false',
            ...(f.options.length > 0 ? { options: f.options.join('|') } : {}),
          }),
        );
        const values = [...others, ...fields];
        const extensionElements = values.length > 0 ? this.bpmnFactory.create('bpmn:ExtensionElements', { values }) : undefined;
        if (process === element.businessObject) this.modeling.updateProperties(element, { extensionElements });
        else this.modeling.updateModdleProperties(element, process, { extensionElements });
      },
      debounce: this.debounce,
    };
  }

  private stepEntries(element: Shape, isUserTask: boolean) {
    const { t } = this.config;
    const bo = element.businessObject;
    return [
      this.select(element, bo, 'role', 'panel.role', () => [{ value: '', label: isUserTask ? t('panel.chooseRole') : t('panel.inherit') }, ...this.config.roles()]),
      this.select(element, bo, 'agency', 'panel.agency', () => [...this.config.agencies()], {
        description: t('panel.agencyHint'),
        validate: (value: string) => (!value || isValidAgencySelector(value) ? null : t('panel.agencyInvalid')),
      }),
      ...this.durationEntries(element, bo, 'duration', () => this.dayCountOf(), () => this.budgetLine(element.id)),
      ...(isUserTask ? [this.returnsEntry(element)] : []),
    ];
  }

  /**
   * `mc:returns="true"`: completing the step hands the result to the citizen and closes
   * the dossier as returned. Unticked removes the attribute. A step the engine already
   * treats as the return step without it (the `return` role, its one flow straight to
   * an end event) says so, from the last validation run.
   */
  private returnsEntry(element: Shape) {
    const { t } = this.config;
    const bo = element.businessObject;
    const explicit = () => bo.get('mc:returns') === true || bo.get('mc:returns') === 'true';
    return {
      id: 'mc-returns',
      component: CheckboxComponent,
      isEdited: isCheckboxEntryEdited,
      label: t('panel.returns'),
      getValue: explicit,
      setValue: (checked: boolean) => this.modeling.updateProperties(element, { 'mc:returns': checked ? true : undefined }),
      description: !explicit() && this.implicitReturnStep(element.id) ? t('panel.returns.implicit') : t('panel.returnsHint'),
    };
  }

  private implicitReturnStep(id: string): boolean {
    const model = this.config.model();
    if (!model) return false;
    const find = (container: Container): { task: UserTask; container: Container } | null => {
      const node = container.nodes[id];
      if (node?.type === 'userTask') return { task: node, container };
      for (const other of Object.values(container.nodes)) {
        if (other.type !== 'subProcess') continue;
        const found = find(other.container);
        if (found) return found;
      }
      return null;
    };
    const found = find(model.root);
    return found !== null && isReturnStep(found.task, found.container);
  }

  private serviceEntries(element: Shape) {
    const { t } = this.config;
    const bo = element.businessObject;
    return [
      this.select(element, bo, 'action', 'panel.action', () => [
        { value: '', label: t('panel.chooseAction') },
        ...SERVICE_ACTIONS.map((a) => ({ value: a, label: t(`panel.action.${a}` as MessageKey) })),
      ]),
      this.select(element, bo, 'role', 'panel.notifyRole', () => [{ value: '', label: t('panel.notifyDefault') }, ...this.config.roles()]),
    ];
  }

  private flowEntries(element: Shape) {
    const { t } = this.config;
    const bo = element.businessObject;
    return [
      {
        id: 'mc-label',
        component: TextComponent,
        isEdited: isTextFieldEntryEdited,
        label: t('panel.buttonLabel'),
        getValue: () => bo.name ?? '',
        // The outcome key follows the label (issue 20: no ASCII key to invent), unless the
        // officer or another tool set a key of its own.
        setValue: (value: string | undefined) => {
          const name = value?.trim() || undefined;
          const key = this.read(bo, 'outcome');
          const follows = key === '' || key === keyFromName(bo.name ?? '');
          this.modeling.updateProperties(element, follows ? { name, 'mc:outcome': name ? keyFromName(name) || undefined : undefined } : { name });
        },
        debounce: this.debounce,
      },
      this.text(element, bo, 'outcome', 'panel.outcome', {
        description: t('panel.outcomeHint'),
        validate: (value: string | undefined) => (!value || OUTCOME_KEY.test(value.trim()) ? null : t('panel.outcomeInvalid')),
      }),
      {
        id: 'mc-condition',
        component: TextComponent,
        isEdited: isTextFieldEntryEdited,
        label: t('panel.condition'),
        description: t('panel.conditionHint'),
        getValue: () => bo.conditionExpression?.body ?? '',
        setValue: (value: string | undefined) => {
          const body = value?.trim();
          const expression = body ? this.bpmnFactory.create('bpmn:FormalExpression', { body }) : undefined;
          this.modeling.updateProperties(element, { conditionExpression: expression });
        },
        validate: (value: string | undefined) => {
          if (!value?.trim()) return null;
          const check = checkExpression(value.trim());
          return check.ok ? null : this.config.t('panel.conditionInvalid', { message: this.config.pick(check.message, check.messageEn) });
        },
        debounce: this.debounce,
      },
    ];
  }

  /** "Longest path 9 of 10 days; 1 day left for this step" — from the last validation run. */
  private budgetLine(stepId: string | null): string {
    const budget = this.config.budget();
    const { t } = this.config;
    if (!budget) return '';
    const time = (minutes: number) => this.config.formatTime(minutes, budget.dayMinutes);
    const longest = time(budget.longestMinutes);
    if (budget.limitMinutes === null) return t('panel.budget.noLimit', { longest });
    const limit = time(budget.limitMinutes);
    if (stepId === null) return t('panel.budget.process', { longest, limit });
    const through = budget.through.get(stepId);
    if (through === undefined) return t('panel.budget.offPath', { limit });
    const left = budget.limitMinutes - through;
    return left >= 0 ? t('panel.budget.left', { left: time(left), limit }) : t('panel.budget.over', { over: time(-left), limit });
  }
}

function TextComponent(props: Record<string, unknown>) {
  return h(TextFieldEntry, { ...props, element: props.element, id: props.id });
}

function SelectComponent(props: Record<string, unknown>) {
  return h(SelectEntry, { ...props, element: props.element, id: props.id });
}

function TextAreaComponent(props: Record<string, unknown>) {
  return h(TextAreaEntry, { ...props, element: props.element, id: props.id });
}

function CheckboxComponent(props: Record<string, unknown>) {
  return h(CheckboxEntry, { ...props, element: props.element, id: props.id });
}

export const McPropertiesProviderModule = {
  __init__: ['mcPropertiesProvider'],
  mcPropertiesProvider: ['type', McPropertiesProvider],
};
