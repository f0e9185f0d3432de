import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { createSecretKey, KeyObject, randomUUID } from 'node:crypto';

import { JWT_SECRET } from '../config/config.module';
import { DomainError } from '../common/errors/domain-error';
import { Principal } from './principal';

const ALGORITHM = 'HS256';
const ISSUER = 'plenary';
const AUDIENCE = 'plenary-api';
const LIFETIME_SECONDS = 12 * 60 * 60;

interface AccessClaims {
  sub: string;
  email: string;
  name: string;
  /** Token id: `POST /auth/logout` revokes this one token. */
  jti: string;
  /** The account's token version when issued: raising it (logout everywhere, reset) refuses the token. */
  ver: number;
}

/** A token whose signature, issuer, audience and expiry are valid; revocation is checked separately. */
export interface VerifiedToken {
  principal: Principal;
  tokenId: string;
  version: number;
  /** When the token expires, as an ISO instant. */
  expiresAt: string;
}

/**
 * Access tokens: HS256 only (the algorithm is pinned on verification, so `alg: none` and key-confusion
 * tokens fail), with issuer, audience and expiry checked. REST and the Socket.IO handshake share `verify`.
 */
@Injectable()
export class TokenService {
  /**
   * A KeyObject, not the string: given a string, jsonwebtoken first tries it as a PEM public key
   * (`createPublicKey` throws, ~0.5 ms of CPU per call) before using it as the HMAC secret.
   */
  private readonly secret: KeyObject;

  constructor(@Inject(JWT_SECRET) secret: string) {
    this.secret = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  issue(principal: Principal, version = 0): string {
    const claims: AccessClaims = {
      sub: principal.id,
      email: principal.email,
      name: principal.name,
      jti: randomUUID(),
      ver: version,
    };
    return jwt.sign(claims, this.secret, {
      algorithm: ALGORITHM,
      issuer: ISSUER,
      audience: AUDIENCE,
      expiresIn: LIFETIME_SECONDS,
    });
  }

  verify(token: string): Principal {
    return this.verifyToken(token).principal;
  }

  /** Signature and claims only; `AuthenticationService.authenticate` adds the revocation check. */
  verifyToken(token: string): VerifiedToken {
    try {
      const payload = jwt.verify(token, this.secret, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTolerance: 5,
      });
      if (
        typeof payload !== 'object' ||
        typeof payload.sub !== 'string' ||
        typeof payload.jti !== 'string' ||
        typeof payload.exp !== 'number'
      ) {
        throw new Error('malformed claims');
      }
      const claims = payload as jwt.JwtPayload & Partial<AccessClaims>;
      return {
        principal: { id: claims.sub!, email: String(claims.email ?? ''), name: String(claims.name ?? '') },
        tokenId: claims.jti!,
        version: Number.isInteger(claims.ver) ? claims.ver! : 0,
        expiresAt: new Date(claims.exp! * 1000).toISOString(),
      };
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'The access token is missing, invalid or expired');
    }
  }
}
