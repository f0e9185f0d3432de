import { Injectable } from '@nestjs/common';
import {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  TransactionCommitEvent,
  UpdateEvent,
} from 'typeorm';

import { AgendaSession } from '../agenda/agenda-session.entity';
import { Room } from '../programme/room.entity';
import { originOf, roomStream, Stream } from '../programme/stream';

/** The origins the page may load streams from, by what loads them. */
export interface StreamOrigins {
  /** hls playlists, segments and caption files: fetched by hls.js (connect-src) and played (media-src). */
  media: string[];
  /** embed pages (frame-src). */
  frames: string[];
}

/** Other nodes' writes are seen after this long (one node sees its own writes at once). */
const MAX_AGE_MS = 15_000;
const DIRTY = 'streamOriginsDirty';

export function originsOf(streams: Iterable<Stream | null>): StreamOrigins {
  const media = new Set<string>();
  const frames = new Set<string>();
  for (const stream of streams) {
    if (stream?.kind === 'hls') {
      for (const url of [stream.url, stream.backupUrl, ...(stream.captions ?? []).map((c) => c.url)]) {
        const origin = originOf(url);
        if (origin) {
          media.add(origin);
        }
      }
    } else if (stream?.kind === 'embed') {
      const origin = originOf(stream.url);
      if (origin) {
        frames.add(origin);
      }
    }
  }
  return { media: [...media].sort(), frames: [...frames].sort() };
}

/**
 * Every stream origin configured on any room or session, for the page's Content-Security-Policy: the page may
 * load media and frames from exactly these. Re-read after a write to rooms or sessions on this node, and at
 * least every MAX_AGE_MS for writes made by other nodes.
 */
@Injectable()
export class StreamOriginsService implements EntitySubscriberInterface {
  private current: StreamOrigins = { media: [], frames: [] };
  private readAt = 0;
  private stale = true;
  private reading: Promise<StreamOrigins> | null = null;

  constructor(private readonly dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  async origins(): Promise<StreamOrigins> {
    if (!this.stale && Date.now() - this.readAt < MAX_AGE_MS) {
      return this.current;
    }
    this.reading ??= this.read().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  afterInsert(event: InsertEvent<unknown>): void {
    this.touched(event.metadata.target, event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<unknown>): void {
    this.touched(event.metadata.target, event.queryRunner);
  }

  /** A read made between the write and its commit saw the old rows: read again after the commit. */
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown> | undefined;
    if (data?.[DIRTY]) {
      data[DIRTY] = false;
      this.stale = true;
    }
  }

  private touched(target: unknown, queryRunner: QueryRunner): void {
    if (target !== Room && target !== AgendaSession) {
      return;
    }
    this.stale = true;
    if (queryRunner.isTransactionActive) {
      queryRunner.data = { ...(queryRunner.data as object), [DIRTY]: true };
    }
  }

  private async read(): Promise<StreamOrigins> {
    this.stale = false;
    const startedAt = Date.now();
    const rooms = await this.dataSource
      .getRepository(Room)
      .find({ select: { id: true, stream: true, streamUrl: true } });
    const sessions = await this.dataSource
      .getRepository(AgendaSession)
      .createQueryBuilder('session')
      .select(['session.id', 'session.stream', 'session.recordings'])
      .where(`session.stream IS NOT NULL OR session.recordings <> '[]'`)
      .getMany();
    // A recording plays in the stage's player (HLS) or a <video> (MP4): its origin is media like a stream's.
    const recordings = sessions.flatMap((session) =>
      (session.recordings ?? []).map((recording): Stream => ({ kind: 'hls', url: recording.url })),
    );
    this.current = originsOf([
      ...rooms.map(roomStream),
      ...sessions.map((session) => session.stream),
      ...recordings,
    ]);
    this.readAt = startedAt;
    return this.current;
  }
}
