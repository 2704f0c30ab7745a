// A read-only diagram (dossier view, version history): bpmn-js NavigatedViewer, loaded
// on demand so the lookup page and the inbox stay light. `markers` adds CSS classes to
// elements by id: the current step, the steps done, a difference between versions.
import { useEffect, useRef, useState } from 'react';
import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import motcua from '../../../engine/bpmn/motcua.moddle.json';
import { useI18n } from '../i18n/index.js';
import { fitDiagram, type FittableCanvas } from '../modeler/fit.js';
import { errorText } from './ErrorNotice.js';

export type Markers = Record<string, string[]>;

/** `focus`: element ids to keep in view when the diagram is too wide to read whole (the current step). */
export function BpmnViewer({ xml, markers = {}, height = 360, testId, focus = [] }: { xml: string; markers?: Markers; height?: number; testId?: string; focus?: string[] }) {
  const container = useRef<HTMLDivElement>(null);
  const viewer = useRef<NavigatedViewer | null>(null);
  const applied = useRef<Markers>({});
  const [ready, setReady] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const { lang } = useI18n();

  useEffect(() => {
    let alive = true;
    let instance: NavigatedViewer | null = null;
    void (async () => {
      const { default: Viewer } = await import('bpmn-js/lib/NavigatedViewer');
      if (!alive || !container.current) return;
      instance = new Viewer({ container: container.current, moddleExtensions: { mc: motcua } });
      viewer.current = instance;
      try {
        await instance.importXML(xml);
        if (!alive) return;
        fitDiagram(instance.get('canvas') as FittableCanvas, { left: 16, right: 16, top: 16, bottom: 16 }, { minScale: 0.6 });
        applied.current = {};
        setError(null);
        setReady((n) => n + 1);
      } catch (e) {
        if (alive) setError(errorText(e, lang));
      }
    })();
    return () => {
      alive = false;
      instance?.destroy();
      viewer.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [xml]);

  useEffect(() => {
    const instance = viewer.current;
    if (!instance || ready === 0) return;
    const canvas = instance.get('canvas') as { addMarker(id: string, cls: string): void; removeMarker(id: string, cls: string): void };
    const registry = instance.get('elementRegistry') as { get(id: string): unknown };
    for (const [id, classes] of Object.entries(applied.current)) {
      if (registry.get(id)) for (const cls of classes) canvas.removeMarker(id, cls);
    }
    for (const [id, classes] of Object.entries(markers)) {
      if (registry.get(id)) for (const cls of classes) canvas.addMarker(id, cls);
    }
    applied.current = markers;
    const target = focus.map((id) => registry.get(id)).find(Boolean);
    if (target) (canvas as unknown as { scrollToElement(el: unknown, padding?: number): void }).scrollToElement(target, 80);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [markers, ready]);

  return (
    <div className="bpmn-viewer" style={{ height }} data-testid={testId}>
      <div ref={container} className="bpmn-viewer-canvas" />
      {error && <div className="notice notice-danger">{error}</div>}
    </div>
  );
}
