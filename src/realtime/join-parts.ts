import { Injectable } from '@nestjs/common';

import type { LiveAccess } from '../live-access/live-access';
import type { LiveSocket } from './live-hub';
import type { JoinSessionResult, LiveChange } from './realtime.contract';

/** What a feature adds to a `session:join` ack: its own fields, and its durable changes since `after`. */
export interface JoinPart {
  fields: Partial<JoinSessionResult>;
  changes: LiveChange[];
}

export type JoinContributor = (
  access: LiveAccess,
  after: number | undefined,
  socket: LiveSocket,
) => Promise<JoinPart>;

/**
 * Lets features above the realtime layer (polls) add to the join snapshot without the realtime layer
 * knowing them: a feature registers a contributor at start; each join runs every contributor after the
 * socket joined its rooms (as the snapshot itself) and merges the parts, changes in seq order.
 */
@Injectable()
export class LiveJoinParts {
  private readonly contributors: JoinContributor[] = [];

  register(contributor: JoinContributor): void {
    this.contributors.push(contributor);
  }

  collect(access: LiveAccess, after: number | undefined, socket: LiveSocket): Promise<JoinPart[]> {
    return Promise.all(this.contributors.map((contribute) => contribute(access, after, socket)));
  }

  merge(result: JoinSessionResult, parts: JoinPart[]): JoinSessionResult {
    const merged: JoinSessionResult = { ...result };
    for (const part of parts) {
      Object.assign(merged, part.fields);
    }
    // A truncated resume carries no changes: the client reloads.
    if (merged.changes && !merged.truncated) {
      const changes = [...merged.changes, ...parts.flatMap((part) => part.changes)];
      merged.changes = changes.sort((x, y) => x.seq - y.seq);
    }
    return merged;
  }
}
