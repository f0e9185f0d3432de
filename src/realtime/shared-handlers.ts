import type { MessageMappingProperties } from '@nestjs/websockets';
import { WebSocketsController } from '@nestjs/websockets/web-sockets-controller';
import { from, Observable } from 'rxjs';
import { mergeAll } from 'rxjs/operators';

/** A listener Socket.IO calls with the socket as `this`: one function per gateway handler, for every socket. */
export type SharedListener = (...args: unknown[]) => void;

/** What an adapter offers to bind a gateway's handlers without a bound copy per socket. */
export interface SharesHandlers {
  bindSharedHandlers(
    socket: unknown,
    handlers: MessageMappingProperties[],
    instance: object,
    transform: (data: unknown) => Observable<unknown>,
  ): void;
}

interface ControllerInternals {
  config: { getIoAdapter(): unknown };
  pickResult(result: unknown): Promise<unknown>;
}

let installed = false;

/**
 * Nest binds every gateway handler to every socket (`callback.bind(instance, client)`) before it calls the
 * adapter, and an adapter that listens through those bound copies keeps them, ~15 bound functions and their
 * argument arrays per attendee. With an adapter that `SharesHandlers`, Nest hands over the unbound handlers
 * instead (once per socket, the same array) and the adapter registers one shared listener per handler. Any
 * other adapter gets Nest's own behaviour. Checked by the e2e tests of every live command.
 */
export function installSharedHandlers(): void {
  if (installed) {
    return;
  }
  installed = true;
  const prototype = WebSocketsController.prototype as unknown as {
    subscribeMessages(
      this: ControllerInternals,
      map: MessageMappingProperties[],
      client: unknown,
      instance: object,
    ): void;
  };
  const original = prototype.subscribeMessages;
  const transforms = new WeakMap<object, (data: unknown) => Observable<unknown>>();
  prototype.subscribeMessages = function (map, client, instance) {
    const adapter = this.config.getIoAdapter() as Partial<SharesHandlers>;
    if (typeof adapter.bindSharedHandlers !== 'function') {
      original.call(this, map, client, instance);
      return;
    }
    let transform = transforms.get(this);
    if (!transform) {
      // Nest's own: a handler's result (value, promise or observable) as an observable of its values.
      const pick = (data: unknown) => this.pickResult(data) as Promise<Observable<unknown>>;
      transform = (data) => from(pick(data)).pipe(mergeAll());
      transforms.set(this, transform);
    }
    adapter.bindSharedHandlers(client, map, instance, transform);
  };
}
