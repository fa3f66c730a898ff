/**
 * What a file of each kind holds: one row = one command. Every column has an English code (the API's field name) and
 * a Dutch word (domain.md's ubiquitous language); a header may use either, in any case and spacing. Targets and
 * realised values repeat: `indicator`, `ambitie`, … for the first, `indicator 2`, `ambitie 2`, … for the next.
 */
import type { DomainCommand } from '@akkoord/domain';
import { LIMITS, type Vocabulary } from '../../cells/cells.js';

export const IMPORT_KINDS = ['activities', 'commitments', 'status-reports'] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

export type FieldType =
  | { kind: 'id' }
  | { kind: 'text'; max: number }
  | { kind: 'date' }
  | { kind: 'period' }
  | { kind: 'amount' }
  | { kind: 'enum'; vocabulary: Vocabulary<string> };

export interface ColumnSpec {
  /** The English code: the API's field name. */
  key: string;
  /** The Dutch word: what templates write in the header. */
  dutch: string;
  /** Other headers that mean this column. */
  aliases?: readonly string[];
  type: FieldType;
  /** Required on every row; a grouped column is required once any column of its group is filled. */
  required: boolean;
  /** Part of the repeating group (targets, realised values). */
  grouped?: boolean;
  en: string;
  nl: string;
  example: string | number | Date;
}

/** A row's values by column key: the single columns, and one record per filled group (target, realised value). */
export interface RowValues {
  single: Record<string, unknown>;
  groups: Record<string, unknown>[];
}

export interface ImportKind {
  name: ImportKindName;
  /** The command one row becomes (its permissions decide who may import the kind). */
  commandType: 'PlanActivity' | 'CommitPartner' | 'ReportStatus';
  /** The Dutch name, used for the template's sheet. */
  dutch: string;
  columns: readonly ColumnSpec[];
  /** The repeating group, if the kind has one: what one of it is called, and how many a row may hold. */
  group?: { en: string; nl: string; max: number };
  build(values: RowValues): DomainCommand;
  /**
   * A row that may appear once per file: its key column and the key, or undefined when the row may repeat it (a
   * status report with a correction reason corrects the report before it).
   */
  uniqueKey(values: RowValues): { column: string; key: string; what: string } | undefined;
  /** The column a refused rule is about. */
  ruleColumn(rule: string): string;
}

export const ID = { kind: 'id' } as const;
export const NAME = { kind: 'text', max: LIMITS.name } as const;
export const NOTE = { kind: 'text', max: LIMITS.note } as const;
export const DATE = { kind: 'date' } as const;
