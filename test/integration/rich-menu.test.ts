import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { installRichMenu, placeholderPng, RICH_MENU_NAME, RICH_MENU_SIZE, type RichMenuClients } from '../../src/line/rich-menu';
import { startLineEmulator, type LineEmulator } from '../../src/sandbox/line-emulator';

const TOKEN = 'rich-menu-test-channel-access-token';
const image = { data: placeholderPng(RICH_MENU_SIZE.width, RICH_MENU_SIZE.height), contentType: 'image/png' as const };

let emu: LineEmulator;
let api: messagingApi.MessagingApiClient;
let blob: messagingApi.MessagingApiBlobClient;
let clients: RichMenuClients;

const readAll = async (stream: NodeJS.ReadableStream): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
};

const ourMenus = async () => (await api.getRichMenuList()).richmenus.filter((m) => m.name === RICH_MENU_NAME);

beforeAll(async () => {
  emu = await startLineEmulator({ channelAccessToken: TOKEN });
  api = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: emu.url });
  blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: TOKEN, baseURL: emu.url });
  clients = { api, blob };
});

afterAll(async () => {
  await emu.close();
});

beforeEach(async () => {
  for (const m of (await api.getRichMenuList()).richmenus) await api.deleteRichMenu(m.richMenuId);
  emu.reset();
});

it('when the menu is installed, then it is the default menu, with the uploaded image and four areas', async () => {
  const { richMenuId } = await installRichMenu(clients, image);

  expect((await api.getDefaultRichMenuId()).richMenuId).toBe(richMenuId);
  const menu = await api.getRichMenu(richMenuId);
  expect(menu.areas.map((a) => a.action)).toEqual([
    expect.objectContaining({ data: 'i:start' }),
    expect.objectContaining({ data: 'i:sos' }),
    expect.objectContaining({ data: 'u:track' }),
    expect.objectContaining({ uri: 'tel:1300' }),
  ]);
  expect((await readAll(await blob.getRichMenuImage(richMenuId))).equals(image.data)).toBe(true);
});

it('when the menu is installed twice, then exactly one menu is left, the second, set as default with an image', async () => {
  const first = await installRichMenu(clients, image);
  const second = await installRichMenu(clients, image);

  expect(second.replaced).toEqual([first.richMenuId]);
  expect((await api.getRichMenuList()).richmenus.map((m) => m.richMenuId)).toEqual([second.richMenuId]);
  expect((await api.getDefaultRichMenuId()).richMenuId).toBe(second.richMenuId);
  expect((await readAll(await blob.getRichMenuImage(second.richMenuId))).length).toBe(image.data.length);
});

it('when the channel has a menu made elsewhere, then installing leaves that menu alone', async () => {
  const { richMenuId: other } = await api.createRichMenu({
    size: { width: 2500, height: 843 },
    selected: false,
    name: 'campaign-menu',
    chatBarText: 'โปรโมชัน',
    areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'uri', uri: 'https://example.org' } }],
  });

  await installRichMenu(clients, image);

  expect((await api.getRichMenuList()).richmenus.map((m) => m.richMenuId)).toContain(other);
  expect(await ourMenus()).toHaveLength(1);
});

it('when LINE fails to make the new menu default, then the new menu is removed and the earlier one stays default', async () => {
  const first = await installRichMenu(clients, image);
  emu.inject({ path: '/v2/bot/user/all/richmenu', status: 500 });

  const failure = await installRichMenu(clients, image).catch((e: unknown) => e);

  expect(failure).toBeInstanceOf(HTTPFetchError);
  expect((await ourMenus()).map((m) => m.richMenuId)).toEqual([first.richMenuId]);
  expect((await api.getDefaultRichMenuId()).richMenuId).toBe(first.richMenuId);
});
