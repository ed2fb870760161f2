/**
 * The widget's synced traits and their types, derived from the generated contract (Python's
 * `wire.TRAITS`, checked against TrainingWidget by tests/wire/test_contract.py): views subscribe to
 * this list and the Session's model is typed from it. Only the shape of an "object" trait is added here.
 */
import { CONTRACT } from "../contract";
import type { Progress, Setup } from "./protocol";

export type TraitName = keyof typeof CONTRACT.traits;

export const SYNCED_TRAITS = Object.keys(CONTRACT.traits) as TraitName[];

/** Traits whose change can alter what a view shows (all but the archive, which the Session loads). */
export const SHOWN_TRAITS: readonly TraitName[] = SYNCED_TRAITS.filter((t) => t !== "_archive");

/** What each JSON type of the contract holds in the browser (bytes: a buffer, or nothing yet). */
interface JsonTypes {
  string: string;
  integer: number;
  number: number;
  boolean: boolean;
  object: object | null;
  bytes: DataView | ArrayBuffer | Uint8Array | null;
}

type WireTraits = { -readonly [K in TraitName]: JsonTypes[(typeof CONTRACT.traits)[K]] };

/** The shapes of the object traits; each must fit its wire type (this fails to compile otherwise). */
type Shapes<T extends { [K in keyof T]: K extends TraitName ? WireTraits[K] : never }> = T;
type ObjectTraits = Shapes<{ _setup: Setup | null; progress: Progress | null }>;

/** The widget model's traits, as anywidget's `AnyModel<Traits>` reads and writes them. */
export type Traits = Omit<WireTraits, keyof ObjectTraits> & ObjectTraits;
