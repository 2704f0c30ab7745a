// Procedures shipped in procedures/*.bpmn are deployed on start when the database has no
// version of them yet: a fresh install can receive dossiers at once, and an admin's
// later versions are never overwritten by the files.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { loadProcedure } from '../../engine/index.js';
import type { DossierService } from '../services/dossierService.js';
import { latestVersion } from '../store/index.js';

export const PROCEDURES_DIR = fileURLToPath(new URL('../../procedures/', import.meta.url));

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
    if (await latestVersion(knex, loaded.model.key)) continue;
    // A broken shipped file must stop the start: it is our bug, not the user's.
    const { key, version } = await service.deploy(xml, 'system');
    deployed.push({ file, key, version });
  }
  return deployed;
}
