/**
 * What a stage plays. `hls`: a master playlist played by Plenary's own player (alternate audio renditions are
 * the interpretation languages); `embed`: a page shown in an iframe; `link`: an external meeting, shown as a
 * "Join the meeting" button. Stored as JSON on rooms and sessions (a session's stream overrides its room's).
 */
export const STREAM_KINDS = ['hls', 'embed', 'link'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

export interface StreamCaption {
  /** BCP 47 tag, e.g. `en`. */
  lang: string;
  label: string;
  /** A WebVTT file. */
  url: string;
}

export interface Stream {
  kind: StreamKind;
  url: string;
  backupUrl?: string;
  captions?: StreamCaption[];
}

/** A room's stream: its `stream`, else the older `streamUrl` read as an embed. */
export function roomStream(room: { stream: Stream | null; streamUrl: string | null }): Stream | null {
  if (room.stream) {
    return room.stream;
  }
  return room.streamUrl ? { kind: 'embed', url: room.streamUrl } : null;
}

/** Only the fields the model knows, without empty optional ones: what is stored and returned. */
export function cleanStream(input: Stream): Stream {
  return {
    kind: input.kind,
    url: input.url,
    ...(input.backupUrl ? { backupUrl: input.backupUrl } : {}),
    ...(input.captions && input.captions.length > 0
      ? { captions: input.captions.map(({ lang, label, url }) => ({ lang, label, url })) }
      : {}),
  };
}

/** The origin (`https://host:port`) of an http(s) URL, or null for anything else. */
export function originOf(url: string | undefined | null): string | null {
  if (!url) {
    return null;
  }
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}
