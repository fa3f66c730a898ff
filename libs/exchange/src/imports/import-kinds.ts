/** The kinds of file `akkoord import` and `POST /api/imports/:kind` take. */
import { activities } from './kinds/activities.js';
import { commitments } from './kinds/commitments.js';
import { IMPORT_KINDS, type ImportKind, type ImportKindName } from './kinds/kind.js';
import { statusReports } from './kinds/status-reports.js';

export * from './kinds/kind.js';

export const importKinds: Record<ImportKindName, ImportKind> = {
  activities,
  commitments,
  'status-reports': statusReports,
};

export function isImportKind(value: string): value is ImportKindName {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}
