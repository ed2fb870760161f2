/**
 * The kernel's run states (the `status` trait) and what each means for the controls. The names come
 * from the generated contract (Python's `init_widget.wire.Status`); everything else compares with
 * `STATUS.x` or the predicates here, never with a string (tests/wire/test_contract.py checks).
 */
import { CONTRACT } from "../contract";

export const STATUS_NAMES = CONTRACT.statuses;
export type Status = (typeof STATUS_NAMES)[number];

/** Each status by name (`STATUS.paused`): a name the contract drops fails to compile wherever it is used. */
export const STATUS = Object.fromEntries(STATUS_NAMES.map((s) => [s, s])) as { readonly [S in Status]: S };

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

/** The run reached its end (all iterations, or a divergence): Train starts a new one. */
export const isFinished = (s: Status): boolean => s === "done" || s === "diverged";
