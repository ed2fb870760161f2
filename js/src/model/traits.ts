/**
 * The widget's synced traits, named once on this side: views subscribe to this list and the
 * Session types its model from it. tests/fixtures/wire.json holds the kernel's own list (written
 * from TrainingWidget by make_fixtures.py); js/test/wire.test.ts checks the two agree.
 */
export const SYNCED_TRAITS = [
  "_archive", "_setup", "duration", "error", "follow_live", "log_scale", "loop", "notice", "playhead", "progress",
  "show_test", "speed", "status",
] as const;

export type TraitName = (typeof SYNCED_TRAITS)[number];

/** Traits whose change can alter what a view shows (all but the archive, which the Session loads). */
export const SHOWN_TRAITS: readonly TraitName[] = SYNCED_TRAITS.filter((t) => t !== "_archive");
