import { randomBytes } from 'node:crypto';

/** 128 random bits, URL-safe: the key of a room's production overlay goes into a browser source's URL. */
export const newOverlayKey = (): string => randomBytes(16).toString('base64url');
