import { applyDecorators, UseFilters, UseInterceptors, UsePipes } from '@nestjs/common';
import { WebSocketGateway } from '@nestjs/websockets';

import { WsAckInterceptor, WsFallbackFilter } from './ws-ack.interceptor';
import { WsValidationPipe } from './ws-validation.pipe';

export const LIVE_NAMESPACE = '/live';

/** Every gateway of `/live`: the one namespace, validated payloads, and every command answered by an ack. */
export const LiveGateway = (): ClassDecorator =>
  applyDecorators(
    WebSocketGateway({ namespace: LIVE_NAMESPACE }),
    UsePipes(WsValidationPipe),
    UseInterceptors(WsAckInterceptor),
    UseFilters(WsFallbackFilter),
  );
