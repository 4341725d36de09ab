import type { LineEvent } from '../bot/context';
import { TYPED_WORDS } from '../strings/th/intake';
import { isActive } from './decide';
import { parseIntakeData, typedIs } from './steps';
import type { IntakeInput, IntakeSettings, SessionState } from './types';

/**
 * From a LINE webhook event to the conversation's input, and which handler takes it. Pure, so the
 * routing rules are tested as a table like the conversation itself.
 */

const MEDIA = new Set(['image', 'audio', 'video', 'file']);

/** The intake's view of an event, or undefined when the event is not the intake's business. */
export function inputOf(event: LineEvent): IntakeInput | undefined {
  switch (event.type) {
    case 'follow':
      return { kind: 'follow' };
    case 'unfollow':
      return { kind: 'unfollow' };
    case 'postback':
      // Other features' buttons (`u:`, `d:`) are theirs even mid-conversation.
      return event.postback.data.startsWith('i:') ? { kind: 'postback', action: parseIntakeData(event.postback.data) } : undefined;
    case 'message': {
      const m = event.message;
      if (m.type === 'text') return { kind: 'text', text: m.text };
      if (m.type === 'location') {
        return {
          kind: 'location',
          lat: m.latitude,
          lng: m.longitude,
          ...(m.address ? { address: m.address } : {}),
          ...(m.title ? { title: m.title } : {}),
        };
      }
      if (MEDIA.has(m.type)) return { kind: 'media', messageId: m.id, type: m.type as 'image' | 'audio' | 'video' | 'file', ...durationOf(m) };
      return { kind: 'other' };
    }
    default:
      return undefined;
  }
}

export type Claim = 'active' | 'entry';

/**
 * `active`: a conversation is in progress, or one ran out and the person was not told yet.
 * `entry`: follow/unfollow, an `i:` postback, the report/SOS words, or a pin with nothing going on.
 */
export function claims(claim: Claim, s: SessionState, input: IntakeInput, now: Date, settings: IntakeSettings): boolean {
  // An active session past its timeout was never told (the timer marks the ones it told as expired).
  if (claim === 'active') return s.status === 'active';
  switch (input.kind) {
    case 'follow':
    case 'unfollow':
    case 'postback':
      return true;
    case 'text':
      return typedIs(input.text, TYPED_WORDS.report) || typedIs(input.text, TYPED_WORDS.sos);
    case 'location':
      return !isActive(s, now, settings.timeoutMs);
    default:
      return false;
  }
}

/** Audio and video carry their length (ms): an audio message to an officer needs it (issue 14). */
const durationOf = (m: object): { duration?: number } => {
  const d = (m as { duration?: unknown }).duration;
  return typeof d === 'number' && d > 0 ? { duration: d } : {};
};
