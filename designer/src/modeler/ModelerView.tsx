// The drawing surface: bpmn-js Modeler with the properties panel and the `mc:` provider,
// validated by the engine on every change. Problems are outlined on the diagram and
// listed; clicking one selects its element. The page above owns the file (open, save,
// deploy) and reads the latest state through `onChange` and the imperative handle.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import { loadProcedure, type ProcedureModel, type Problem } from '../../../engine/index.js';
import motcua from '../../../engine/bpmn/motcua.moddle.json';
import { bilingual, useI18n } from '../i18n/index.js';
import { bpmnTranslateModule } from './bpmnTranslations.js';
import { McPropertiesProviderModule, type McPanelConfig } from './mcPropertiesProvider.js';
import { fitDiagram, type FittableCanvas } from './fit.js';
import { showProblems } from './problemMarkers.js';
import { timeBudget, type TimeBudget } from './timeBudget.js';

export interface ModelState {
  xml: string;
  model: ProcedureModel | null;
  problems: Problem[];
  budget: TimeBudget | null;
  /** True while a change waits for its validation run. */
  validating: boolean;
}

export interface ModelerHandle {
  importXml(xml: string): Promise<void>;
  saveXml(): Promise<string>;
  select(elementId: string | null): void;
  /** Redraw after the surface was hidden (another tab) and shown again. */
  resized(): void;
}

interface Props {
  initialXml: string;
  roles: { value: string; label: string }[];
  agencies: { value: string; label: string }[];
  onChange(state: ModelState): void;
}

type AnyService = Record<string, (...args: never[]) => unknown>;

/** The palette covers the left of the canvas. */
const PALETTE_MARGIN = { left: 130, top: 40, right: 40, bottom: 40 };

export const ModelerView = forwardRef<ModelerHandle, Props>(function ModelerView({ initialXml, roles, agencies, onChange }, ref) {
  const { t, lang, fmt } = useI18n();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<Modeler | null>(null);
  const xmlRef = useRef(initialXml);
  const stateRef = useRef<ModelState>({ xml: initialXml, model: null, problems: [], budget: null, validating: true });
  const [importError, setImportError] = useState<string | null>(null);
  // What bpmn-js could not read in the file (unknown elements, broken references): shown
  // to tests and tools as an attribute; the validator lists what MộtCửa cannot run.
  const [importWarnings, setImportWarnings] = useState<number | null>(null);

  // What the properties provider reads; mutated in place so the provider sees fresh values.
  const panelConfig = useRef<McPanelConfig>({
    t,
    roles: () => roles,
    agencies: () => agencies,
    budget: () => stateRef.current.budget,
    model: () => stateRef.current.model,
    formatTime: (minutes, dayMinutes) => fmt.working(minutes, dayMinutes),
    pick: (vi, en) => bilingual(lang, vi, en),
  });
  const langRef = useRef(lang);
  langRef.current = lang;
  Object.assign(panelConfig.current, {
    t,
    roles: () => roles,
    agencies: () => agencies,
    formatTime: (minutes: number, dayMinutes: number) => fmt.working(minutes, dayMinutes),
    pick: (vi: string, en: string) => bilingual(lang, vi, en),
  });
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const describeRef = useRef((p: Problem) => bilingual(lang, p.message, p.messageEn));
  describeRef.current = (p: Problem) => bilingual(lang, p.message, p.messageEn);

  const validateTimer = useRef<number | null>(null);
  const runId = useRef(0);

  const validateNow = async () => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    const ticket = ++runId.current;
    const { xml } = await modeler.saveXML({ format: true });
    if (!xml || ticket !== runId.current) return;
    xmlRef.current = xml;
    const loaded = await loadProcedure(xml);
    if (ticket !== runId.current || modelerRef.current !== modeler) return;
    const budget = loaded.model ? timeBudget(loaded.model) : null;
    stateRef.current = { xml, model: loaded.model, problems: loaded.problems, budget, validating: false };
    showProblems(modeler as never, loaded.problems, (p) => describeRef.current(p));
    (modeler.get('eventBus') as { fire(e: string): void }).fire('propertiesPanel.providersChanged');
    onChangeRef.current(stateRef.current);
  };

  const scheduleValidation = () => {
    if (validateTimer.current !== null) window.clearTimeout(validateTimer.current);
    if (!stateRef.current.validating) {
      stateRef.current = { ...stateRef.current, validating: true };
      onChangeRef.current(stateRef.current);
    }
    validateTimer.current = window.setTimeout(() => {
      validateTimer.current = null;
      void validateNow();
    }, 250);
  };

  // One Modeler per language: bpmn-js reads its translations when it builds the palette.
  useEffect(() => {
    if (!canvasRef.current || !panelRef.current) return;
    const modeler = new Modeler({
      container: canvasRef.current,
      moddleExtensions: { mc: motcua },
      propertiesPanel: { parent: panelRef.current, layout: { groups: { motcua: { open: true }, general: { open: true } } } },
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, McPropertiesProviderModule, bpmnTranslateModule(() => langRef.current)],
      motcua: panelConfig.current,
    } as never);
    modelerRef.current = modeler;
    const eventBus = modeler.get('eventBus') as { on(e: string, cb: () => void): void };
    eventBus.on('commandStack.changed', scheduleValidation);
    void (async () => {
      try {
        const { warnings } = await modeler.importXML(xmlRef.current);
        setImportWarnings(warnings.length);
        fitDiagram(modeler.get('canvas') as FittableCanvas, PALETTE_MARGIN, { align: 'start', minScale: 0.7 });
        setImportError(null);
      } catch (e) {
        setImportError(e instanceof Error ? e.message : String(e));
      }
      await validateNow();
    })();
    return () => {
      if (validateTimer.current !== null) window.clearTimeout(validateTimer.current);
      modelerRef.current = null;
      modeler.destroy();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang]);

  // Roles and agencies arrive after the modeler: refresh the panel's lists.
  useEffect(() => {
    (modelerRef.current?.get('eventBus') as { fire(e: string): void } | undefined)?.fire('propertiesPanel.providersChanged');
  }, [roles, agencies]);

  useImperativeHandle(ref, () => ({
    async importXml(xml: string) {
      const modeler = modelerRef.current;
      if (!modeler) return;
      xmlRef.current = xml;
      const { warnings } = await modeler.importXML(xml);
      setImportWarnings(warnings.length);
      fitDiagram(modeler.get('canvas') as FittableCanvas, PALETTE_MARGIN, { align: 'start', minScale: 0.7 });
      setImportError(null);
      await validateNow();
    },
    async saveXml() {
      const modeler = modelerRef.current;
      if (!modeler) return xmlRef.current;
      const { xml } = await modeler.saveXML({ format: true });
      return xml ?? xmlRef.current;
    },
    select(elementId: string | null) {
      const modeler = modelerRef.current;
      if (!modeler) return;
      const registry = modeler.get('elementRegistry') as AnyService & { get(id: string): unknown };
      const canvas = modeler.get('canvas') as { getRootElement(): unknown; scrollToElement(el: unknown): void };
      const selection = modeler.get('selection') as { select(el: unknown): void };
      const element = elementId ? registry.get(elementId) : null;
      if (element) {
        selection.select(element);
        try {
          canvas.scrollToElement(element);
        } catch {
          // root-level elements cannot be scrolled to
        }
      } else {
        selection.select(canvas.getRootElement());
      }
    },
    resized() {
      (modelerRef.current?.get('canvas') as { resized(): void } | undefined)?.resized();
    },
  }));

  return (
    <div className="modeler">
      <div className="modeler-canvas" ref={canvasRef} data-testid="modeler-canvas" data-import-warnings={importWarnings ?? undefined} aria-label={t('designer.canvas')} />
      <aside className="modeler-panel" ref={panelRef} data-testid="properties-panel" aria-label={t('designer.properties')} />
      {importError && (
        <div className="modeler-error notice notice-danger" role="alert">
          <strong>{t('designer.importFailed')}</strong> {importError}
        </div>
      )}
    </div>
  );
});
