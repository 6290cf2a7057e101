import type { Tx } from "~/utils/db.server.ts";
import { recordPathCompletions } from "./paths-progress.server.ts";

export type ContentCompletion = {
  userId: string;
  contentId: string;
  /** The person's account when they completed it (customers always have one). */
  accountId: string | null;
  now: Date;
};

/**
 * Runs inside the transaction that first marks the item complete: a listener's writes commit or
 * roll back with that completion, and a listener that throws undoes it (so a learning path can
 * never lose a step that happened). Use `tx` only; the global client would wait for this very
 * transaction.
 */
export type CompletionListener = (tx: Tx, completion: ContentCompletion) => Promise<void> | void;

// Keyed by name so that registering again (a module evaluated twice by hot reload, a second test
// setup) replaces the listener instead of calling it twice.
const listeners = new Map<string, CompletionListener>();

/**
 * Learning paths (and anything else that reacts to a finished video or document) register here
 * once at start-up. Returns a function that removes the listener.
 */
export function registerCompletionListener(name: string, listener: CompletionListener): () => void {
  listeners.set(name, listener);
  return () => {
    if (listeners.get(name) === listener) listeners.delete(name);
  };
}

/**
 * Called by the library exactly once per person and item: in the transaction where its
 * `completedAt` goes from empty to set. Listeners run one after the other, in registration order.
 */
export async function onContentCompleted(tx: Tx, completion: ContentCompletion): Promise<void> {
  // Learning paths are part of the library: wired here directly, so no start-up step can forget them.
  await recordPathCompletions(tx, { userId: completion.userId, now: completion.now });
  for (const listener of [...listeners.values()]) await listener(tx, completion);
}
