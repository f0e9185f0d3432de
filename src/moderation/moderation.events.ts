declare module '../common/domain-events/domain-events' {
  interface DomainEventMap {
    /** A user was muted in a session (`mutedUntil` null: the mute was lifted). */
    'moderation.user-muted': {
      eventId: string;
      sessionId: string;
      userId: string;
      mutedUntil: string | null;
    };
    /** A user was banned from an event: their sockets for it are disconnected. */
    'moderation.user-banned': { eventId: string; eventSlug: string; userId: string };
  }
}

export {};
