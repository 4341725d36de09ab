import type { Attachment } from '../../src/cases/types';
import { decideStore, MB, planMedia } from '../../src/evidence/decide';
import { signGrant, verifyGrant } from '../../src/evidence/link';
import { mediaPushes } from '../../src/evidence/views';
import { checkMessages } from '../../src/line/limits';

const at = new Date('2026-12-01T00:00:00Z');
const stored = (messageId: string, type: Attachment['type'], size: number, contentType: string): Attachment => ({
  messageId,
  type,
  evidence: { status: 'stored', size, contentType, sha256: 'x', at },
});
const limits = { maxFileBytes: 10 * MB, maxCaseBytes: 25 * MB };

describe('decideStore', () => {
  it.each([
    ['a file under both limits', [], 5 * MB, 'store'],
    ['a file over the per-file limit', [], 10 * MB + 1, 'file_too_large'],
    ['a file that would pass the per-case limit', [stored('a', 'image', 9 * MB, 'image/jpeg'), stored('b', 'image', 9 * MB, 'image/jpeg')], 8 * MB, 'case_full'],
    ['the same message stored before (its own size is not counted twice)', [stored('m', 'image', 9 * MB, 'image/jpeg'), stored('b', 'image', 9 * MB, 'image/jpeg')], 7 * MB, 'store'],
  ])('when %s, then %s', (_what, others, size, expected) => {
    const c = { attachments: [...(others as Attachment[]), { messageId: 'm', type: 'image' as const }] };
    const d = decideStore(c, 'm', size as number, limits);
    expect(d.kind === 'store' ? 'store' : d.reason).toBe(expected);
  });
});

describe('planMedia', () => {
  it('when a case has images, voice, video, a file and unstored items, then only what LINE accepts is sent, five per push', () => {
    const attachments: Attachment[] = [
      ...Array.from({ length: 6 }, (_, i) => stored(`img${i}`, 'image', 200_000, 'image/jpeg')),
      stored('big', 'image', 2 * MB, 'image/png'),
      stored('huge', 'image', 11 * MB, 'image/jpeg'),
      { ...stored('voice', 'audio', 100_000, 'audio/m4a'), duration: 4200 },
      stored('clip', 'video', 5 * MB, 'video/mp4'),
      stored('doc', 'file', 1000, 'application/pdf'),
      { messageId: 'pending', type: 'image' },
      { messageId: 'lost', type: 'image', evidence: { status: 'failed', reason: 'gone', at } },
    ];
    const plan = planMedia({ attachments }, { maxItems: 20 });
    expect({
      batches: plan.batches.map((b) => b.map((i) => `${i.kind}:${i.attachment.messageId}`)),
      notInLine: plan.notInLine,
      bigPreview: plan.batches.flat().find((i) => i.attachment.messageId === 'big'),
    }).toEqual({
      batches: [
        ['image:img0', 'image:img1', 'image:img2', 'image:img3', 'image:img4'],
        ['image:img5', 'image:big', 'audio:voice', 'video:clip'],
      ],
      notInLine: 4,
      bigPreview: { kind: 'image', attachment: attachments[6], selfPreview: false },
    });
  });

  it('when more items are stored than an officer is sent at once, then the newest are sent and the rest counted', () => {
    const attachments = Array.from({ length: 23 }, (_, i) => stored(`img${i}`, 'image', 1000, 'image/jpeg'));
    const plan = planMedia({ attachments }, { maxItems: 20 });
    expect([plan.batches.length, plan.batches[0]![0]!.attachment.messageId, plan.notInLine]).toEqual([4, 'img3', 3]);
  });

  it('when the pushes are built, then every one fits LINE limits (https, five messages, audio with its duration)', () => {
    const attachments = [
      ...Array.from({ length: 7 }, (_, i) => stored(`img${i}`, 'image', 1000, 'image/jpeg')),
      { ...stored('voice', 'audio', 1000, 'audio/m4a'), duration: 3000 },
      stored('clip', 'video', 1000, 'video/mp4'),
    ];
    const pushes = mediaPushes(planMedia({ attachments }, { maxItems: 20 }), { content: (m) => `https://x.example/media/${m}`, preview: 'https://x.example/media/preview.png' }, 24);
    expect([pushes.map((p) => p.length), pushes.flatMap((p) => checkMessages(p)), pushes[1]![3]]).toEqual([
      [5, 4, 1],
      [],
      { type: 'video', originalContentUrl: 'https://x.example/media/clip', previewImageUrl: 'https://x.example/media/preview.png' },
    ]);
  });
});

describe('media links', () => {
  const secret = 'k'.repeat(40);
  const now = Date.parse('2026-12-01T00:00:00Z');
  const grant = { m: '5001', o: 'Uofficer', e: now / 1000 + 3600 };

  it('when a link is verified before its expiry with the same key, then it names the item and the officer', () => {
    expect(verifyGrant(signGrant(grant, secret), secret, now)).toEqual(grant);
  });

  it.each([
    ['past its expiry', (t: string) => t, now + 3600_000],
    ['signed with another key', () => signGrant(grant, 'z'.repeat(40)), now],
    ['with one character of its signature changed', (t: string) => t.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')), now],
    ['with its payload swapped for another item', (t: string) => `${signGrant({ ...grant, m: '5002' }, secret).split('.')[0]}.${t.split('.')[1]}`, now],
    ['without its signature', (t: string) => t.split('.')[0]!, now],
    ['as garbage', () => '..', now],
  ])('when a link is presented %s, then it is not a link', (_what, change, at) => {
    expect(verifyGrant(change(signGrant(grant, secret)), secret, at)).toBeUndefined();
  });
});
