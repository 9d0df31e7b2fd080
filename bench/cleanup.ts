/** What to undo if the bench is interrupted (Ctrl-C): temp folders, child processes. */
const tasks = new Set<() => void>();

/** Register a synchronous undo step; returns a function that unregisters it (call it once done). */
export function onInterrupt(task: () => void): () => void {
  tasks.add(task);
  return () => tasks.delete(task);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const task of tasks) {
      try {
        task();
      } catch {
        // best effort: keep undoing the rest
      }
    }
    process.exit(130);
  });
}
