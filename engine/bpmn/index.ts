import type { ProcedureModel } from '../model/procedure.js';
import { hasErrors, type Problem } from '../model/problem.js';
import { importBpmn } from './import.js';
import { validateModel } from './validate.js';

export { importBpmn, bpmnModdle, DEFAULT_ROLE, MOTCUA_NAMESPACE, type ImportResult } from './import.js';
export { validateModel } from './validate.js';
export { exportBpmn, roundTrip } from './export.js';

export interface LoadedProcedure {
  model: ProcedureModel | null;
  problems: Problem[];
  /** True when nothing blocks a deploy: a model exists and no problem is an error. */
  ok: boolean;
}

/** Import + validate: what a deploy (and the designer's "check") needs from an XML file. */
export async function loadProcedure(xml: string): Promise<LoadedProcedure> {
  const imported = await importBpmn(xml);
  const problems = [...imported.problems];
  if (imported.model) {
    const seen = new Set(problems.map((p) => `${p.code}|${p.elementId}|${p.severity}`));
    for (const found of validateModel(imported.model)) {
      const key = `${found.code}|${found.elementId}|${found.severity}`;
      if (seen.has(key)) continue;
      seen.add(key);
      problems.push(found);
    }
  }
  return { model: imported.model, problems, ok: imported.model !== null && !hasErrors(problems) };
}
