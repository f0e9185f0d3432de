export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `probe` every `everyMs` until it returns true; throws with `what` after `attempts`. */
export async function eventually(
  what: string,
  probe: () => boolean | Promise<boolean>,
  attempts = 40,
  everyMs = 250,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (
      await Promise.resolve()
        .then(probe)
        .catch(() => false)
    ) {
      return;
    }
    await sleep(everyMs);
  }
  throw new Error(`never happened: ${what}`);
}
