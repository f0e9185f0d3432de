import { Injectable } from '@nestjs/common';

/**
 * Counts the Socket.IO commands being handled so a shutdown can let them finish (and their acks go out)
 * before the sockets are closed; once draining, new commands are refused with UNAVAILABLE.
 */
@Injectable()
export class CommandDrain {
  private inFlight = 0;
  private draining = false;
  private idle: Array<() => void> = [];

  get isDraining(): boolean {
    return this.draining;
  }

  /** Marks a command started; false once draining (the caller refuses the command). */
  enter(): boolean {
    if (this.draining) {
      return false;
    }
    this.inFlight += 1;
    return true;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight === 0) {
      this.idle.splice(0).forEach((resolve) => resolve());
    }
  }

  /** Refuses new commands and resolves when the running ones finished, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    if (this.inFlight === 0) {
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
