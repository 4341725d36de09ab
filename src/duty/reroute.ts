import type { CaseAction } from '../cases/decide';
import type { CaseLocation, CaseRecord, TimelineEntry } from '../cases/types';

/**
 * Re-routing a case by a place the reporter gave after it opened, decided without I/O.
 *
 * A case opens on the center its place names, or on the home center when the place is unknown (an
 * SOS before any pin, a typed place no province matches) or no center serves the province. When the
 * reporter later sends a pin (`reporter_info` with `location`) or gives a place in the SOS follow-ups
 * (`details_updated` with `location`) inside a province another center serves, the case belongs to
 * that center: it is the one that can reach the person. The answer that loses nothing:
 *
 * - still waiting for an officer (status `new`): transferred at once, by the existing transfer (the
 *   new center's group gets the card, the old group a line, the reporter is told, escalation moves);
 *   whether the case was on the fallback center or had a province from an earlier pin (a person who
 *   moved, or a wrong first pin: either way the newest place is where they are now);
 * - in an officer's hands (acknowledged, in progress, referred): never moved under the officer's
 *   feet; the group gets one line suggesting the transfer, with the command and a button;
 * - moved by an officer or the admin API before: their decision stands; suggested only;
 * - already re-routed `REROUTE_MAX` times (pins on a border, alternating): suggested only, so two
 *   groups are not sent the same card back and forth;
 * - closed, a place in no province, a province no center serves, or the center it has already:
 *   nothing moves (the group still gets the new place as before). A province no center serves is
 *   marked on the place as at opening (`outOfProvince`, set by the case router when the case service
 *   stores the place), and the group's line says นอกพื้นที่: the case stays with the center that has
 *   it, whose officers arrange the hand-over outside the system (the home center, the fallback of a
 *   case nobody has, serves that province no better).
 *
 * The transfer's entry id is the place's entry id plus `:reroute`; the place's own entry id comes
 * from the webhook event, so a redelivered event or a re-run listener never transfers twice.
 */

/** Automatic re-routes per case; past this a new place only suggests the transfer. */
export const REROUTE_MAX = 3;

/** The province a place lies in and the center serving it (only a served province moves a case). */
export interface PlaceCenter {
  province: string;
  center: { code: string; name: string };
}

export type TransferAction = Extract<CaseAction, { type: 'transfer' }>;

export type RerouteDecision =
  | { kind: 'none'; reason: 'no_place' | 'closed' | 'unserved' | 'same_center' }
  | { kind: 'transfer'; entryId: string; action: TransferAction }
  | { kind: 'suggest'; reason: 'in_hand' | 'moved_by_officer' | 'moved_often'; province: string; to: { code: string; name: string } };

export const rerouteEntryId = (placeEntryId: string) => `${placeEntryId}:reroute`;

/** The place the reporter added to their case with this entry, when it is one a re-route reads. */
export function laterPlace(entry: TimelineEntry): CaseLocation | undefined {
  if (entry.kind !== 'reporter_info' && entry.kind !== 'details_updated') return undefined;
  if (entry.actor.kind !== 'reporter') return undefined;
  const l = entry.location;
  if (!l) return undefined;
  const usable = (l.lat !== undefined && l.lng !== undefined) || !!l.address?.trim() || !!l.province || !!l.districtCode;
  return usable ? l : undefined;
}

/**
 * `c` is the case as the place's entry left it; `place` is where that place lies (undefined: in no
 * province, or in one no center serves).
 */
export function decideReroute(c: Pick<CaseRecord, 'centerCode' | 'status' | 'timeline'>, entry: TimelineEntry, place: PlaceCenter | undefined): RerouteDecision {
  const entryId = rerouteEntryId(entry.id);
  // Already done for this place (a re-run): the same transfer again, which the case service recognises.
  const done = c.timeline.find((e) => e.id === entryId && e.kind === 'transferred');
  if (done) {
    return {
      kind: 'transfer',
      entryId,
      action: { type: 'transfer', to: done.toCenter ?? '', from: done.fromCenter ?? '', toName: done.text ?? '', ...(done.province ? { province: done.province } : {}) },
    };
  }
  if (!laterPlace(entry)) return { kind: 'none', reason: 'no_place' };
  if (c.status === 'closed') return { kind: 'none', reason: 'closed' };
  if (!place) return { kind: 'none', reason: 'unserved' };
  if (place.center.code === c.centerCode) return { kind: 'none', reason: 'same_center' };
  const transfers = c.timeline.filter((e) => e.kind === 'transferred');
  const suggest = (reason: Extract<RerouteDecision, { kind: 'suggest' }>['reason']): RerouteDecision => ({
    kind: 'suggest',
    reason,
    province: place.province,
    to: place.center,
  });
  if (c.status !== 'new') return suggest('in_hand');
  if (transfers.some((e) => e.actor.kind === 'officer' || e.actor.kind === 'api')) return suggest('moved_by_officer');
  if (transfers.filter((e) => e.actor.kind === 'system').length >= REROUTE_MAX) return suggest('moved_often');
  return {
    kind: 'transfer',
    entryId,
    action: { type: 'transfer', to: place.center.code, from: c.centerCode, toName: place.center.name, province: place.province },
  };
}
