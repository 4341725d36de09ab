import type { webhook } from '@line/bot-sdk';
import { sign, webhookBody } from '../../src/sandbox/line-emulator/webhook-body';

/**
 * LINE fixtures for tests. The event builders are the emulator's own (src/sandbox/line-emulator/
 * events.ts), so tests and the browser chat build identical events.
 *
 *   const body = webhookBody([textEvent({ userId, text: 'แจ้งเหตุ' })]);
 *   await request(app).post('/webhook').set('x-line-signature', sign(body, secret)).type('json').send(body);
 */
export {
  audioEvent,
  followEvent,
  imageEvent,
  joinEvent,
  leaveEvent,
  locationEvent,
  memberJoinedEvent,
  memberLeftEvent,
  postbackEvent,
  stickerEvent,
  textEvent,
  unfollowEvent,
} from '../../src/sandbox/line-emulator/events';
export { SANDBOX_BOT_USER_ID as DESTINATION } from '../../src/sandbox/line-emulator/ids';

/** base64 HMAC-SHA256 of the raw body with the channel secret: the `x-line-signature` header. */
export { sign, webhookBody };

/** A body and its signature, ready for supertest. */
export function signedWebhook(events: webhook.Event[], secret: string, destination?: string): { body: string; signature: string } {
  const body = webhookBody(events, destination);
  return { body, signature: sign(body, secret) };
}
