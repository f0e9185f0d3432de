/** Domain events of declarations (see common/domain-events). */
declare module '../common/domain-events/domain-events' {
  interface DomainEventMap {
    /** An organizer verified an endorsement: `endorsements` is the declaration's new count. */
    'declaration.endorsed': {
      eventId: string;
      declarationId: string;
      endorsements: number;
      organizationName: string;
    };
  }
}

export {};
