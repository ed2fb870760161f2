/**
 * The kernel's run states (the `status` trait) and what each means for the controls.
 * Python's `init_widget.wire.Status` holds the same list; tests/test_wire.py reads this file to check.
 */
export const STATUS_NAMES = ["idle", "training", "paused", "stopped", "done", "diverged", "error", "closed"] as const;
export type Status = (typeof STATUS_NAMES)[number];

/** What the status pill says. */
export const STATUS_TEXT: Record<Status, string> = {
  idle: "ready",
  training: "training",
  paused: "paused",
  stopped: "stopped",
  done: "done",
  diverged: "diverged",
  error: "error",
  closed: "closed",
};

/** A status name from the trait, or "idle" for anything unknown. */
export function asStatus(value: unknown): Status {
  return (STATUS_NAMES as readonly string[]).includes(String(value)) ? (value as Status) : "idle";
}

/** Training is under way (running or paused): Pause and Stop act, Train does not. */
export const isActive = (s: Status): boolean => s === "training" || s === "paused";
