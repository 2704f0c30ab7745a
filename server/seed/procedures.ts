// Procedures shipped in procedures/*.bpmn are deployed on start: a fresh install can
// receive dossiers at once. When a shipped file changes (the law moved on: the 2025
// reform re-cut every procedure), the next start deploys it as a new version of the same
// process id, so new dossiers follow it while those already running keep the version they
// started on — versions are never deleted. Once an admin has deployed a version of their
// own, the files no longer touch that procedure: an admin's later versions are never
// overwritten.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { loadProcedure } from '../../engine/index.js';
import type { DossierService } from '../services/dossierService.js';
import { latestVersion } from '../store/index.js';
import { PROCEDURES_DIR } from './provinces.js';

export { PROCEDURES_BEFORE_2025_DIR, PROCEDURES_DIR } from './provinces.js';

/** Who deploys the shipped files; a latest version by anyone else is an admin's own. */
export const BUNDLED_DEPLOYER = 'system';

export interface BundledDeployment {
  file: string;
  key: string;
  version: number;
}

export async function deployBundledProcedures(
  knex: Knex,
  service: DossierService,
  directory = PROCEDURES_DIR,
): Promise<BundledDeployment[]> {
  const files = (await readdir(directory).catch(() => [] as string[])).filter((f) => f.endsWith('.bpmn')).sort();
  const deployed: BundledDeployment[] = [];
  for (const file of files) {
    const xml = await readFile(path.join(directory, file), 'utf8');
    const loaded = await loadProcedure(xml);
    if (!loaded.model) throw new Error(`procedures/${file}: ${loaded.problems.map((p) => p.messageEn).join('; ')}`);
    const latest = await latestVersion(knex, loaded.model.key);
    if (latest && (latest.deployedBy !== BUNDLED_DEPLOYER || latest.xml === xml)) continue;
    // A broken shipped file must stop the start: it is our bug, not the user's.
    const { key, version } = await service.deploy(xml, BUNDLED_DEPLOYER);
    deployed.push({ file, key, version });
  }
  return deployed;
}
