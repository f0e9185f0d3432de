declare module '../common/domain-events/domain-events' {
  interface DomainEventMap {
    /**
     * Tokens of an account were revoked (committed): one token (`tokenId`) on logout, every token (`null`) on
     * logout everywhere, a password reset or change, or the deletion of the account. Realtime disconnects the
     * sockets that signed in with them, on every node.
     */
    'auth.tokens-revoked': { userId: string; tokenId: string | null };
  }
}

export {};
