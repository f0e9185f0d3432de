import type { LiveOp } from './live-op';

/** A write waiting for its batch: the operation and its caller's promise. */
export interface Pending {
  op: () => LiveOp<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** PostgreSQL: the advisory locks its transaction must hold (see `LiveDb.sessionWrite`). */
  locks: readonly string[];
}

export interface Outcome {
  ok: boolean;
  value: unknown;
}

/** The most operations one transaction takes; the rest wait for the next. */
export const MAX_BATCH = 512;

/** Resolves or rejects each caller of a batch with its operation's outcome. */
export function settle(batch: Pending[], outcomeOf: (index: number) => Outcome): void {
  batch.forEach((pending, index) => {
    const outcome = outcomeOf(index);
    if (outcome.ok) {
      pending.resolve(outcome.value);
    } else {
      pending.reject(outcome.value);
    }
  });
}

/** An operation failed after it wrote: the batch is rolled back and run again with savepoints. */
export class PartialWrite extends Error {}
