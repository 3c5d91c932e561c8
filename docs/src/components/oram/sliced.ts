/**
 * Long demo set-ups (dozens of encrypted ORAM accesses) written as generators that yield
 * between accesses, so the page can run them in slices and never block for long: `drain` runs
 * one to the end at once (tests, and callers that need the result now), `runSliced` runs it in
 * slices of a few milliseconds with a macrotask between them, so input and painting go on.
 */
export type Steps<T> = Generator<void, T, void>;

export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs `steps` in slices of about `sliceMs` of work each. */
export async function runSliced<T>(steps: Steps<T>, sliceMs = 8): Promise<T> {
  for (;;) {
    const end = performance.now() + sliceMs;
    do {
      const r = steps.next();
      if (r.done) return r.value;
    } while (performance.now() < end);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
