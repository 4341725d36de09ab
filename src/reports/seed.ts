import type { Connection } from 'mongoose';
import { createCaseReporting } from '../cases/store';
import type { CaseRecord } from '../cases/types';

/**
 * Loads prepared cases (demo or bench data) through the cases module's reporting entry point.
 * Idempotent: cases whose `sourceId` is already stored are skipped, so seeding twice never
 * duplicates. `createdAt` is the case's own date. Any failure other than "already stored" (a network
 * error, a refused write) throws: a seed that reports success must have stored what it says.
 */

export interface SeedResult {
  inserted: number;
  skipped: number;
}

/** `validate: false` skips mongoose casting/validation (the bench's 100,000 generated cases). */
export function seedCases(conn: Connection, cases: CaseRecord[], opts: { validate?: boolean } = {}): Promise<SeedResult> {
  return createCaseReporting(conn).insertPrepared(cases, opts);
}
