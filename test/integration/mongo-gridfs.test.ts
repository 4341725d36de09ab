// GridFS through the real driver (`GridFSBucket` on mongoose's connection), as evidence storage
// uses it: upload, whole and ranged downloads, find, delete. Runs against startTestDb, so the same
// expectations hold on a real MongoDB.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { type Connection, mongo } from 'mongoose';
import { startTestDb, type TestDb } from '../helpers/mongo';

let db: TestDb;
let conn: Connection;
let bucket: InstanceType<typeof mongo.GridFSBucket>;

beforeAll(async () => {
  db = await startTestDb('mongo_gridfs');
  conn = await mongoose.createConnection(db.uri).asPromise();
});

afterAll(async () => {
  await conn.close();
  await db.stop();
});

beforeEach(async () => {
  // A fresh bucket each test: the driver checks (and creates) its indexes once per bucket.
  await conn.db!.collection('fs.files').deleteMany({});
  await conn.db!.collection('fs.chunks').deleteMany({});
  bucket = new mongo.GridFSBucket(conn.db!);
});

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

async function upload(name: string, content: Buffer, metadata?: Record<string, unknown>): Promise<mongo.ObjectId> {
  const stream = bucket.openUploadStream(name, { metadata, contentType: 'image/jpeg' } as Parameters<typeof bucket.openUploadStream>[1]);
  // Small pieces, as an HTTP body arrives: the driver assembles them into 255 KiB chunks.
  await pipeline(Readable.from(splitInto(content, 64 * 1024)), stream);
  return stream.id;
}

function* splitInto(b: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function download(id: mongo.ObjectId, range?: { start: number; end: number }): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStream(id, range)) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

// Not a multiple of the chunk size, so the last chunk is short.
const SIZE = 3 * 1024 * 1024 + 12_345;

it('when a few MB are uploaded, then the download has the same bytes and SHA-256, and the files document records them', async () => {
  const content = randomBytes(SIZE);
  const id = await upload('evidence.jpg', content, { caseNumber: 'PHR-2569/0001' });

  const back = await download(id);

  expect(back.length).toBe(SIZE);
  expect(sha256(back)).toBe(sha256(content));
  const files = await bucket.find({ _id: id }).toArray();
  expect(files).toHaveLength(1);
  expect(files[0]).toMatchObject({ length: SIZE, chunkSize: 255 * 1024, filename: 'evidence.jpg', metadata: { caseNumber: 'PHR-2569/0001' } });
  expect(files[0].uploadDate).toBeInstanceOf(Date);
  const chunks = await conn.db!.collection('fs.chunks').find({ files_id: id }).sort({ n: 1 }).toArray();
  expect(chunks.map((c) => c.n)).toEqual(Array.from({ length: Math.ceil(SIZE / (255 * 1024)) }, (_, i) => i));
  expect(chunks[0].data).toBeInstanceOf(mongo.Binary);
});

it('when the upload created its indexes, then fs.chunks has the unique { files_id, n } index and fs.files { filename, uploadDate }', async () => {
  await upload('a.bin', randomBytes(1000));

  const chunkIndexes = await conn.db!.collection('fs.chunks').listIndexes().toArray();
  const fileIndexes = await conn.db!.collection('fs.files').listIndexes().toArray();

  expect(chunkIndexes.find((ix) => ix.key.files_id === 1 && ix.key.n === 1)).toMatchObject({ unique: true });
  expect(fileIndexes.some((ix) => ix.key.filename === 1 && ix.key.uploadDate === 1)).toBe(true);
});

it('when a chunk with the same files_id and n is inserted twice, then the second is refused as a duplicate key', async () => {
  const id = await upload('dup.bin', randomBytes(1000));

  const again = conn.db!.collection('fs.chunks').insertOne({ files_id: id, n: 0, data: new mongo.Binary(Buffer.from('x')) });

  await expect(again).rejects.toMatchObject({ code: 11000 });
});

it('when a range is downloaded across chunk boundaries, then exactly those bytes come back', async () => {
  const content = randomBytes(SIZE);
  const id = await upload('video.mp4', content);
  const start = 255 * 1024 - 100; // ends of chunk 0, all of chunk 1, start of chunk 2
  const end = 2 * 255 * 1024 + 777;

  const part = await download(id, { start, end });

  expect(part.length).toBe(end - start);
  expect(sha256(part)).toBe(sha256(content.subarray(start, end)));
});

it('when the last bytes are downloaded as a range, then the short last chunk is read correctly', async () => {
  const content = randomBytes(SIZE);
  const id = await upload('tail.bin', content);

  const part = await download(id, { start: SIZE - 5000, end: SIZE });

  expect(part.equals(content.subarray(SIZE - 5000))).toBe(true);
});

it('when files are listed by bucket.find with a filter and sort, then the matching files come back in order', async () => {
  await upload('b.jpg', randomBytes(10), { caseNumber: 'X-1' });
  await upload('a.jpg', randomBytes(20), { caseNumber: 'X-1' });
  await upload('c.jpg', randomBytes(30), { caseNumber: 'X-2' });

  const listed = await bucket.find({ 'metadata.caseNumber': 'X-1' }, { sort: { filename: 1 } }).toArray();

  expect(listed.map((f) => [f.filename, f.length])).toEqual([
    ['a.jpg', 20],
    ['b.jpg', 10],
  ]);
});

it('when a file is opened by name, then the newest revision is served', async () => {
  await upload('same.txt', Buffer.from('first'));
  await new Promise((r) => setTimeout(r, 5)); // distinct uploadDate values (ms resolution)
  await upload('same.txt', Buffer.from('second'));

  const parts: Buffer[] = [];
  for await (const chunk of bucket.openDownloadStreamByName('same.txt')) parts.push(chunk as Buffer);

  expect(Buffer.concat(parts).toString()).toBe('second');
});

it('when a file is deleted, then neither its files document nor any chunk is left and a download fails', async () => {
  const keep = await upload('keep.bin', randomBytes(300_000));
  const id = await upload('gone.bin', randomBytes(SIZE));

  await bucket.delete(id);

  expect(await conn.db!.collection('fs.files').countDocuments({ _id: id })).toBe(0);
  expect(await conn.db!.collection('fs.chunks').countDocuments({ files_id: id })).toBe(0);
  await expect(download(id)).rejects.toThrow(/FileNotFound|not found/i);
  expect((await download(keep)).length).toBe(300_000);
});

it('when a missing file is deleted, then the driver reports that it was not found', async () => {
  await expect(bucket.delete(new mongo.ObjectId())).rejects.toThrow(/not found/i);
});

it('when an empty file is uploaded, then it downloads as zero bytes', async () => {
  const id = await upload('empty.bin', Buffer.alloc(0));

  expect((await download(id)).length).toBe(0);
  expect((await bucket.find({ _id: id }).toArray())[0]).toMatchObject({ length: 0 });
});
