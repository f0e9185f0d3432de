import { Injectable, Type } from '@nestjs/common';

import { CommandDrain } from '../common/lifecycle/command-drain';
import type { FastAccept } from '../common/validation/fast-accept';
import type { LiveSocket } from './live-hub';
import { LiveMetrics } from './live-metrics';
import type { Ack } from './realtime.contract';
import { toAckError } from './ws-ack.interceptor';
import { WsValidationPipe } from './ws-validation.pipe';

interface DirectCommand {
  dto: Type<unknown>;
  accept: FastAccept<unknown>;
  run: (input: never, socket: LiveSocket) => Promise<unknown>;
}

const UNAVAILABLE: Ack<never> = {
  error: { code: 'UNAVAILABLE', message: 'The server is restarting; reconnect and retry' },
};

/**
 * The hottest commands (`session:join`, `chat:send`, `qa:upvote`) answered without Nest's per-message machinery (context
 * creation, interceptor and rxjs chain per message), with the same contract as `@LiveGateway()` gives every
 * other command: refused with UNAVAILABLE while draining, the payload validated by the same
 * `WsValidationPipe` against the same DTO, `{ data }` or `toAckError(...)` as the ack, and the same
 * `plenary_live_commands_total` count. A gateway registers the handler beside its `@SubscribeMessage`;
 * `LiveIoAdapter` binds the registered ones directly.
 */
@Injectable()
export class LiveCommands {
  private readonly commands = new Map<string, DirectCommand>();
  private readonly pipe = new WsValidationPipe();

  constructor(
    private readonly drain: CommandDrain,
    private readonly metrics: LiveMetrics,
  ) {}

  /** `accept` answers surely valid payloads without the pipe; anything else is validated by the pipe. */
  register<T>(
    event: string,
    dto: Type<T>,
    accept: FastAccept<T>,
    run: (input: T, socket: LiveSocket) => Promise<unknown>,
  ): void {
    this.commands.set(event, { dto, accept, run });
  }

  has(event: string): boolean {
    return this.commands.has(event);
  }

  /** Runs a registered command and answers through `reply` (when the client sent an ack); never rejects. */
  async handle(
    event: string,
    payload: unknown,
    socket: LiveSocket,
    reply: ((ack: Ack<unknown>) => void) | undefined,
  ): Promise<void> {
    const command = this.commands.get(event)!;
    if (!this.drain.enter()) {
      reply?.(UNAVAILABLE);
      return;
    }
    try {
      let ack: Ack<unknown>;
      try {
        const input = (command.accept(payload) ??
          (await this.pipe.transform(payload, {
            type: 'body',
            metatype: command.dto,
            data: undefined,
          }))) as never;
        ack = { data: (await command.run(input, socket)) ?? {} };
      } catch (error) {
        ack = toAckError(error, event);
      }
      this.metrics.commands.inc({ event, outcome: 'data' in ack ? 'ok' : ack.error.code });
      reply?.(ack);
    } finally {
      // As WsAckInterceptor's finalize: the shutdown waits until the ack went out.
      this.drain.leave();
    }
  }
}
