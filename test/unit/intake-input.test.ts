import type { LineEvent } from '../../src/bot/context';
import { initialState } from '../../src/intake/decide';
import { claims, inputOf, type Claim } from '../../src/intake/input';
import { parseIntakeData } from '../../src/intake/steps';
import type { IntakeInput, SessionState } from '../../src/intake/types';
import { audioEvent, followEvent, imageEvent, locationEvent, postbackEvent, stickerEvent, textEvent } from '../helpers/line';
import { SETTINGS, T0 } from '../helpers/intake-talk';

const U = 'U-in';

describe('intake input from LINE events', () => {
  test.each<[string, LineEvent, IntakeInput | undefined]>([
    ['a follow', followEvent({ userId: U }), { kind: 'follow' }],
    ['a text', textEvent({ userId: U, text: 'แจ้งเหตุ' }), { kind: 'text', text: 'แจ้งเหตุ' }],
    ['a pin', locationEvent({ userId: U, latitude: 18.1, longitude: 100.1, address: 'อ.ลอง' }), { kind: 'location', lat: 18.1, lng: 100.1, address: 'อ.ลอง' }],
    ['a photo', imageEvent({ userId: U, messageId: 'm1' }), { kind: 'media', messageId: 'm1', type: 'image' }],
    ['a voice message', audioEvent({ userId: U, messageId: 'm2', duration: 4200 }), { kind: 'media', messageId: 'm2', type: 'audio', duration: 4200 }],
    ['a sticker', stickerEvent({ userId: U }), { kind: 'other' }],
    ['an intake postback', postbackEvent({ userId: U, data: 'i:a:sex:male' }), { kind: 'postback', action: { type: 'answer', step: 'sex', value: 'male' } }],
    ['another feature\'s postback', postbackEvent({ userId: U, data: 'u:track' }), undefined],
  ])('when the event is %s, then the intake reads it as expected', (_name, event, expected) => {
    expect(inputOf(event)).toEqual(expected);
  });

  test.each<[string, string]>([
    ['i:ok:intake:01HX', 'confirm'],
    ['i:a:nosuchstep:x', 'unknown'],
    ['i:a:sex:' + 'x'.repeat(60), 'unknown'],
    ['i:whatever', 'unknown'],
    ['i:sos', 'sos'],
  ])('when postback data is "%s", then it parses as %s', (data, type) => {
    expect(parseIntakeData(data).type).toBe(type);
  });
});

describe('which intake handler takes an event', () => {
  const idle = initialState(U);
  const active: SessionState = { ...idle, status: 'active', mode: 'report', step: 'sex', intakeId: 'intake:E1', lastActivityAt: T0 };
  const later = new Date(T0.getTime() + 60_000);
  const muchLater = new Date(T0.getTime() + 31 * 60_000);

  test.each<[string, Claim, SessionState, IntakeInput, Date, boolean]>([
    ['active takes anything mid-report', 'active', active, { kind: 'other' }, later, true],
    ['active takes an expired report once', 'active', active, { kind: 'text', text: 'x' }, muchLater, true],
    ['active leaves idle users alone', 'active', idle, { kind: 'text', text: 'แจ้งเหตุ' }, later, false],
    ['entry takes follow', 'entry', idle, { kind: 'follow' }, later, true],
    ['entry takes the report word', 'entry', idle, { kind: 'text', text: 'แจ้งเหตุ' }, later, true],
    ['entry takes the SOS word', 'entry', idle, { kind: 'text', text: 'ขอความช่วยเหลือด่วน' }, later, true],
    ['entry leaves other words to tracking and the menu', 'entry', idle, { kind: 'text', text: 'PHR-2569-0001' }, later, false],
    ['entry takes a pin with nothing in progress', 'entry', idle, { kind: 'location', lat: 1, lng: 1 }, later, true],
    ['entry takes every intake postback', 'entry', idle, { kind: 'postback', action: { type: 'unknown' } }, later, true],
    ['entry leaves a sticker alone', 'entry', idle, { kind: 'other' }, later, false],
  ])('when %s, then the claim is as expected', (_name, claim, state, input, now, expected) => {
    expect(claims(claim, state, input, now, SETTINGS)).toBe(expected);
  });
});
